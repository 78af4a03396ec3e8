using Microsoft.Playwright;

namespace Nojor.IntegrationTests.Web;

/// <summary>
/// One headless Chromium for the whole run (Debian's, installed by <c>./nojor test</c>; Playwright downloads no browser),
/// launched on first use; each test gets a fresh context, so cookies and storage never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The two widths every page is checked and photographed at.</summary>
    public static readonly int[] Widths = [360, 1280];

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots of each page type go; the screenshot test prints it.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task<IBrowser> BrowserAsync()
    {
        if (_browser is not null)
        {
            return _browser;
        }
        await _launch.WaitAsync();
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                // This machine's network is closed: background calls to Google's hosts only fail and slow the start.
                Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            });
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>A new context (its own cookies) and page, addressed at <paramref name="baseUrl"/>, at the given width.</summary>
    public async Task<IPage> NewPageAsync(Uri baseUrl, int width = 1280, bool javaScript = true)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        // Generous: the first request of each page type JIT-compiles its code on a 2-core machine that also runs the whole platform.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        _launch.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nojor.sln")))
            {
                return dir.FullName;
            }
        }
        return Path.GetTempPath();
    }
}
