using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreachDesk.Tests.Support;

/// <summary>Every log message of every category, at every level, whatever the service's own configuration says.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    /// <summary>A message, or (with <see cref="LogLevel.None"/>) a scope begun.</summary>
    public sealed record Entry(LogLevel Level, string Category, string Message, string Values, Exception? Exception)
    {
        public override string ToString() => Level == LogLevel.None
            ? $"{Category} scope: {Message}"
            : $"{Level} {Category}: {Message} [{Values}] {Exception}";
    }

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IEnumerable<string> Lines => Entries.Select(e => e.ToString());

    /// <summary>Adds the capture to a service as it is built.</summary>
    public void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILoggerProvider>(this);
        builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue(new Entry(LogLevel.None, category, $"{state}", "", null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), values, exception));
        }
    }
}
