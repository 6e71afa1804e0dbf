using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace BreachDesk.Infrastructure.CommandLine;

/// <summary>
/// The console of an operator's command (not of the running service, whose logs go untouched). JasperFx prints noise
/// that is not about the command: "Searching '…' for commands" for every assembly, and "Cannot override services when
/// the IHost is already constructed" (our host is built before the command runs, on purpose: it is the service's own).
/// And the projection rebuild writes Spectre markup without rendering it ("[purple]Finished rebuild…[/]"). This drops
/// the noise and the raw markup tags, line by line, whatever the console (terminal, pipe, NO_COLOR).
/// </summary>
internal static partial class CommandConsole
{
    public static void Install()
    {
        // Colour only on a terminal, and not when NO_COLOR asks for none (https://no-color.org): a pipe or a log gets plain text.
        var plain = Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var filtered = new LineFilter(Console.Out);
        Console.SetOut(filtered);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(filtered),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => filtered.Flush();
    }

    /// <summary>Writes whole lines on; a line that is noise is dropped, with its continuation when it wrapped.</summary>
    private sealed class LineFilter(TextWriter inner) : TextWriter
    {
        private readonly StringBuilder _line = new();
        private bool _inSearchingNotice;

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            // Lines are cut under this writer's lock and written on after it is released: the inner writer has a lock
            // of its own (Console's synchronised writer), and a thread that holds it may be writing to this one (a
            // logger that took Console.Out before Install), so holding both at once is a lock-order inversion that
            // hung the test host.
            var complete = new List<string>();
            lock (_line)
            {
                foreach (var c in value)
                {
                    if (c != '\n') { _line.Append(c); continue; }
                    if (Kept(_line.ToString()) is { } line) complete.Add(line);
                    _line.Clear();
                }
            }
            foreach (var line in complete) inner.WriteLine(line);
        }

        public override void Flush()
        {
            string? rest;
            lock (_line)
            {
                rest = _line.Length > 0 ? Kept(_line.ToString()) : null;
                _line.Clear();
            }
            if (rest is not null) inner.Write(rest);
            inner.Flush();
        }

        /// <summary>The line as it should be written, or null when it is noise. Called under the lock: it reads and sets the notice state.</summary>
        private string? Kept(string line)
        {
            var plain = AnsiEscape().Replace(line, "").TrimEnd('\r');
            if (plain.StartsWith("Searching '", StringComparison.Ordinal)) _inSearchingNotice = true;
            if (_inSearchingNotice)
            {
                // The notice wraps at the console's width; it ends with "for commands".
                if (plain.TrimEnd().EndsWith("commands", StringComparison.Ordinal)) _inSearchingNotice = false;
                return null;
            }
            if (plain.Contains("when the IHost is already constructed", StringComparison.Ordinal)) return null;
            return RawMarkup().Replace(line, "");
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    /// <summary>Spectre's colour and style tags, as a library left them in text it did not render.</summary>
    [GeneratedRegex(@"\[(/|(bold|dim|italic|underline|strikethrough|red|green|blue|yellow|purple|grey|gray|cyan|magenta|white|black)( [a-z]+)*)\]")]
    private static partial Regex RawMarkup();
}
