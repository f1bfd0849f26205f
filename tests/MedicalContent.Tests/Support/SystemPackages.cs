using System.Diagnostics;

namespace MedicalContent.Tests.Support;

/// <summary>
/// Installs Debian packages the tests need (nginx, varnish, chromium...) when they are missing, so the test
/// command works on a fresh machine. Runs apt-get non-interactively; one installer at a time across processes.
/// </summary>
public static class SystemPackages
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    public static async Task EnsureAsync(string package, string binary)
    {
        if (File.Exists(binary))
        {
            return;
        }

        await InProcess.WaitAsync();
        try
        {
            await using var gate = await FileGate.AcquireAsync(Path.Combine(Path.GetTempPath(), "mc-apt.lock"), TimeSpan.FromMinutes(15));
            if (File.Exists(binary))
            {
                return;
            }

            await RunAsync("apt-get", "update -q");
            await RunAsync("apt-get", $"install -y -q --no-install-recommends {package}");
            if (!File.Exists(binary))
            {
                throw new InvalidOperationException($"apt-get installed {package} but {binary} is still missing.");
            }
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}):{Environment.NewLine}{await output}{await error}");
        }
    }
}

/// <summary>An exclusive lock on a file: serialises installers across test processes.</summary>
public sealed class FileGate : IAsyncDisposable
{
    private readonly FileStream _stream;

    private FileGate(FileStream stream)
    {
        _stream = stream;
    }

    public static async Task<FileGate> AcquireAsync(string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileGate(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(250);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
