namespace BreachDesk.Infrastructure.Limits;

/// <summary><c>BreachDesk:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Writes (POST, PUT, PATCH, DELETE) one caller may make per minute. Generous: a person records a few facts an
    /// hour and a SIEM a burst at most; the limit is there to stop a runaway script or a stolen key flooding the record.
    /// </summary>
    public int WritesPerMinute { get; set; } = 600;

    /// <summary>
    /// Unknown API keys one client address may present per minute before every key it sends is refused with 429 for the
    /// rest of that minute (<see cref="FailedKeyLimit"/>). A client with a mistyped key fails a few times; a script trying
    /// keys fails thousands of times.
    /// </summary>
    public int FailedKeysPerMinute { get; set; } = 30;
}

/// <summary><c>BreachDesk:Http</c> (the body limit of the same section is read by JsonBodyValidation).</summary>
public sealed class HttpLimitOptions
{
    /// <summary>How long a request may run before it is cancelled with 504; the CSV of a whole register is the longest.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;
}
