using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Incidents;

/// <summary>
/// Marks an endpoint that runs through <see cref="IncidentCommand"/>, and tells the OpenAPI document what
/// every such endpoint answers: the incident, or a problem (400 invalid, 404 unknown, 409 state forbids it,
/// 412 stale If-Match).
/// </summary>
public sealed class IncidentCommandEndpointAttribute : ModifyHttpChainAttribute
{
    public override void Modify(HttpChain chain, GenerationRules rules) =>
        chain.Metadata
            .Produces<IncidentResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
