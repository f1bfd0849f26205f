using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, with a new profile per page: loads a URL, lets its scripts and fetches finish
/// (virtual time waits for pending network requests) and returns the DOM they leave behind.
/// </summary>
public static partial class HeadlessChromium
{
    private const string Binary = "/usr/bin/chromium";

    /// <param name="netLog">When set, Chromium writes its NetLog (every request it starts, with its URL) to this file.</param>
    public static async Task<RenderedPage> RenderAsync(Uri url, TimeSpan timeout, string? netLog = null)
    {
        await SystemPackages.EnsureAsync("chromium", Binary);
        var profile = Path.Combine(Path.GetTempPath(), "mc-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                // Root in a container needs --no-sandbox; the rest keeps it off the (closed) network except for the page.
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", url.AbsoluteUri,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netLog is not null)
        {
            start.ArgumentList.Insert(start.ArgumentList.Count - 3, "--log-net-log=" + netLog);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary}.");
        var dom = process.StandardOutput.ReadToEndAsync();
        var log = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(dom, log).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            var output = await log.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no output)", TaskScheduler.Default);
            throw new TimeoutException($"Chromium did not finish {url} within {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s. Output:{Environment.NewLine}{Tail(output)}");
        }
        finally
        {
            Stop(process);
            DeleteProfile(profile);
        }

        return new RenderedPage(url, process.ExitCode, await dom, await log);
    }

    private static void Stop(Process process)
    {
        try
        {
            // The launcher script execs Chromium, whose zygote and renderers are its children.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void DeleteProfile(string profile)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(profile); attempt++)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A late child may still be writing its cache; try again in a moment.
                Thread.Sleep(200);
            }
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "..." + text[^6000..];

    /// <summary>What Chromium printed: the serialised DOM on stdout, its own log on stderr.</summary>
    public sealed record RenderedPage(Uri Url, int ExitCode, string Dom, string Log)
    {
        /// <summary>The text of <c>&lt;pre id="…"&gt;</c>, HTML-decoded, or null when the page has none.</summary>
        public string? PreText(string id)
        {
            var match = PreElement().Match(Dom);
            for (; match.Success; match = match.NextMatch())
            {
                if (match.Groups["id"].Value == id)
                {
                    return WebUtility.HtmlDecode(match.Groups["text"].Value);
                }
            }

            return null;
        }

        /// <summary>Everything a failure message needs to explain what the browser did.</summary>
        public string Describe() =>
            $"Chromium rendered {Url} (exit code {ExitCode.ToString(CultureInfo.InvariantCulture)}).{Environment.NewLine}" +
            $"DOM:{Environment.NewLine}{Tail(Dom)}{Environment.NewLine}Chromium log:{Environment.NewLine}{Tail(Log)}";
    }

    [GeneratedRegex("""<pre id="(?<id>[^"]*)">(?<text>.*?)</pre>""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PreElement();
}
