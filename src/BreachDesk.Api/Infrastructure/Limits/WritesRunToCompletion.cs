using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Http.Timeouts;
using Wolverine.Http;

namespace BreachDesk.Infrastructure.Limits;

/// <summary>
/// The request time limit applies to reads only. A write cut off after its transaction committed would answer 504
/// for a fact that is on record, and a client retrying without an Idempotency-Key would record it twice; a write's
/// time is bounded by the database's own command timeout instead.
/// </summary>
public sealed class WritesRunToCompletion : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HttpMethods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m))))
            chain.Metadata.DisableRequestTimeout();
    }
}
