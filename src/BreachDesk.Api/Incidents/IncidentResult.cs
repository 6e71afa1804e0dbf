using BreachDesk.Infrastructure.Http;

namespace BreachDesk.Incidents;

/// <summary>An incident response: the body, and its version as the ETag for later If-Match.</summary>
public sealed class IncidentResult(IncidentView view, DateTimeOffset now, int status = 200, string? location = null) : IResult
{
    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.ETag = ETags.For(view.Version);
        if (location is not null) context.Response.Headers.Location = location;
        return context.Response.WriteAsJsonAsync(IncidentResponse.From(view, now), ApiJson.Options, context.RequestAborted);
    }
}
