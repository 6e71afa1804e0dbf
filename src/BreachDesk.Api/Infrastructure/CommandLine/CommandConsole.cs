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

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n') { Emit(_line.ToString()); _line.Clear(); }
                else _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            foreach (var c in value) Write(c);
        }

        public override void Flush()
        {
            lock (_line)
            {
                if (_line.Length > 0) { Emit(_line.ToString(), newLine: false); _line.Clear(); }
                inner.Flush();
            }
        }

        private void Emit(string line, bool newLine = true)
        {
            var plain = AnsiEscape().Replace(line, "").TrimEnd('\r');
            if (plain.StartsWith("Searching '", StringComparison.Ordinal)) _inSearchingNotice = true;
            if (_inSearchingNotice)
            {
                // The notice wraps at the console's width; it ends with "for commands".
                if (plain.TrimEnd().EndsWith("commands", StringComparison.Ordinal)) _inSearchingNotice = false;
                return;
            }
            if (plain.Contains("when the IHost is already constructed", StringComparison.Ordinal)) return;

            var cleaned = RawMarkup().Replace(line, "");
            if (newLine) inner.WriteLine(cleaned); else inner.Write(cleaned);
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    /// <summary>Spectre's colour and style tags, as a library left them in text it did not render.</summary>
    [GeneratedRegex(@"\[(/|(bold|dim|italic|underline|strikethrough|red|green|blue|yellow|purple|grey|gray|cyan|magenta|white|black)( [a-z]+)*)\]")]
    private static partial Regex RawMarkup();
}
