using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// What a person gets from "Print" or "Save as PDF" in Chromium: the page printed with its print style sheet and
/// paged-media rules (A4 unless the CSS says otherwise, no Playwright header or footer, no backgrounds, as the browser's
/// print dialog defaults to), read back with Debian's poppler-utils (<c>pdftotext</c>, <c>pdftoppm</c>; installed by
/// deploy/local/test.sh when missing). Usage:
/// <code>
/// var pdf = await PrintedPdf.PrintAsync(page);
/// Assert.Contains("Page 1 of", pdf.Pages[0]);
/// Assert.True(pdf.Holds("What happened (Art. 33(3)(a))")); // whatever the line breaks
/// await File.WriteAllBytesAsync(path, await pdf.FirstPagePng(60));
/// </code>
/// </summary>
public sealed partial class PrintedPdf
{
    private PrintedPdf(byte[] bytes, string rawText)
    {
        Bytes = bytes;
        RawText = rawText;
        // pdftotext ends each page with a form feed.
        Pages = rawText.Split('\f').Select(Fold).Where(p => p.Length > 0).ToArray();
        Text = string.Join(' ', Pages);
        _squeezed = Whitespace().Replace(Text, "");
    }

    private readonly string _squeezed;

    /// <summary>The PDF file itself.</summary>
    public byte[] Bytes { get; }

    /// <summary>pdftotext's output, in reading order, pages separated by form feeds.</summary>
    public string RawText { get; }

    /// <summary>Each page's text, whitespace folded to single spaces (line wraps and hyphen-free breaks do not matter).</summary>
    public IReadOnlyList<string> Pages { get; }

    /// <summary>The whole document's text, whitespace folded.</summary>
    public string Text { get; }

    /// <summary>
    /// Whether the document holds the text, whatever the line breaks: whitespace is ignored on both sides, since a line
    /// may wrap where the source had no space (Chromium breaks "33(3)(b)" after "33(3)").
    /// </summary>
    public bool Holds(string text) => _squeezed.Contains(Whitespace().Replace(text, ""), StringComparison.Ordinal);

    /// <summary>Prints the page as the browser's print does: print media, the page's own @page size and margins.</summary>
    public static async Task<PrintedPdf> PrintAsync(IPage page)
    {
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        try
        {
            var bytes = await page.PdfAsync(new PagePdfOptions
            {
                Format = "A4",
                PreferCSSPageSize = true,
                PrintBackground = false,
                DisplayHeaderFooter = false,
                Outline = false,
            });
            var text = Encoding(await Run("pdftotext", ["-enc", "UTF-8", "-", "-"], bytes));
            return new PrintedPdf(bytes, text);
        }
        finally
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        }
    }

    /// <summary>The first page rendered as a PNG (<c>pdftoppm -png -r dpi -f 1 -l 1</c>), for screenshots.</summary>
    public async Task<byte[]> FirstPagePng(int dpi = 60) =>
        await Run("pdftoppm", ["-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", "-"], Bytes);

    /// <summary>Folds every run of whitespace (including the non-breaking space) into one space.</summary>
    public static string Fold(string text) => Whitespace().Replace(text, " ").Trim();

    private static string Encoding(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>Runs a poppler tool with the PDF on its standard input and returns its standard output.</summary>
    private static async Task<byte[]> Run(string tool, string[] arguments, byte[] input)
    {
        var path = File.Exists($"/usr/bin/{tool}") ? $"/usr/bin/{tool}"
            : throw new InvalidOperationException($"/usr/bin/{tool} is missing: install Debian's poppler-utils (deploy/local/test.sh does).");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        // Read both outputs while writing, so that a full pipe cannot stall the tool.
        var output = new MemoryStream();
        var copying = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        await copying;
        // A generous bound on a busy machine: a hung tool fails the test instead of the whole run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await errors}");
        return output.ToArray();
    }

    [GeneratedRegex(@"[\s\u00a0]+")]
    private static partial Regex Whitespace();
}
