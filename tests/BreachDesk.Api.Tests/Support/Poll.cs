namespace BreachDesk.Tests.Support;

/// <summary>Waits for a condition by looking again every quarter second, never by sleeping a fixed time: the machine is loaded.</summary>
public static class Poll
{
    public static Task Until(Func<bool> condition, TimeSpan within, string what) => Until(() => Task.FromResult(condition()), within, what);

    public static async Task Until(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < until)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Waited {within} for {what}.");
    }
}
