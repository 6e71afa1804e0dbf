using BreachDesk.Tests.Support;
using Microsoft.Playwright;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// Debian's Chromium (installed by deploy/local/test.sh when missing) driven by Microsoft.Playwright's bundled driver;
/// Playwright's own browser download is never used.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private DashboardBrowser(IPlaywright playwright, IBrowser browser) => (Playwright, Browser) = (playwright, browser);

    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        // A busy machine (several test runs at once) answers slowly: every expectation polls for 15 s, not 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return new DashboardBrowser(playwright, browser);
    }

    /// <summary>
    /// A fresh browser session (its own sessionStorage) signed in through the sign-in page with a development key;
    /// <paramref name="timezoneId"/> (an IANA zone) is the zone the browser believes it is in (default: the machine's).
    /// </summary>
    public async Task<IPage> SignedInPage(RunningService service, string devKey, int width = 1280, int height = 900, string? timezoneId = null)
    {
        var page = await NewPage(service, width, height, timezoneId);
        await page.GotoAsync("/");
        await ExpectSignInPage(page);
        await page.GetByLabel("Development key", new() { Exact = true }).SelectOptionAsync(devKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Live");
        return page;
    }

    /// <summary>A fresh browser session (its own sessionStorage) on the service, not signed in.</summary>
    public async Task<IPage> NewPage(RunningService service, int width = 1280, int height = 900, string? timezoneId = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = timezoneId,
            BaseURL = service.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The page has been sent to the sign-in page. Polls the address rather than waiting for a navigation event: the
    /// redirect is a hash change made by the page's script, which may come before or after the wait begins.
    /// </summary>
    public static Task ExpectSignInPage(IPage page) =>
        Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/#/sign-in$"));

    public static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

/// <summary>One service (Development environment, ordinary deadlines) and one browser for the dashboard tests.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public RunningService Service { get; private set; } = null!;
    public DashboardBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null, "environment=Development");
        Browser = await DashboardBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Service.DisposeAsync();
    }
}
