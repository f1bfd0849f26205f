using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace MedicalContent.Tests.Support;

/// <summary>
/// The one place the tests install what they need when it is missing, so the test command works on a fresh machine:
/// Debian packages (nginx, varnish, chromium...) with apt-get, non-interactively, and npm packages (Azurite) with
/// <c>npm ci</c> from a lock file. One installer at a time, in this process and across processes.
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

            await RunAsync("apt-get", "update -q", null);
            await RunAsync("apt-get", $"install -y -q --no-install-recommends {package}", null);
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

    /// <summary>Runs <c>npm ci</c> in <paramref name="folder"/> (its package-lock.json) when <paramref name="installed"/> is missing.</summary>
    public static async Task EnsureNpmAsync(string folder, string installed)
    {
        if (File.Exists(installed))
        {
            return;
        }

        await InProcess.WaitAsync();
        try
        {
            // One lock per folder: each checkout has its own node_modules.
            var lockName = "mc-npm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..16] + ".lock";
            await using var gate = await FileGate.AcquireAsync(Path.Combine(Path.GetTempPath(), lockName), TimeSpan.FromMinutes(15));
            if (File.Exists(installed))
            {
                return;
            }

            const string Ci = "ci --no-audit --no-fund";
            await (OperatingSystem.IsWindows() ? RunAsync("cmd.exe", "/c npm " + Ci, folder) : RunAsync("npm", Ci, folder));
            if (!File.Exists(installed))
            {
                throw new InvalidOperationException($"'npm ci' in {folder} succeeded but {installed} is still missing.");
            }
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static async Task RunAsync(string file, string arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = StartProcess(start);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}):{Environment.NewLine}{await output}{await error}");
        }
    }

    private static Process StartProcess(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"'{start.FileName}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{start.FileName}' could not be started: the tests need it on the PATH (npm comes with Node.js).", e);
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
