using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Azurite;

/// <summary>
/// A real Azurite blob emulator for the test run: installed from tests/package-lock.json with <c>npm ci</c> when
/// missing, started on a free loopback port with a temporary data folder, stopped and deleted afterwards.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // The documented, public Azurite development-storage key (the same in every installation); not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Account = "devstoreaccount1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    private readonly StringBuilder _stderr = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "mc-azurite-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public string ConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    public BlobServiceClient Service => new(ConnectionString);

    public async Task InitializeAsync()
    {
        var tests = Path.Combine(RepoPaths.Root, "tests");
        var script = Path.Combine(tests, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        await EnsureInstalledAsync(tests, script);
        Directory.CreateDirectory(_dataFolder);

        // A port found free can be taken before Azurite binds it; a fresh one is tried then.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{Account};";
            if (await TryStartAsync(script) || attempt == 3)
            {
                break;
            }
        }

        if (_process is null)
        {
            throw new InvalidOperationException($"Azurite did not start on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{Output()}");
        }
    }

    /// <summary>A new, empty container with a unique name: each test gets its own.</summary>
    public async Task<BlobContainerClient> CreateContainerAsync()
    {
        var container = Service.GetBlobContainerClient("t" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync();
        return container;
    }

    public Task DisposeAsync()
    {
        if (_process is not null)
        {
            Stop(_process);
        }

        for (var attempt = 0; attempt < 5 && Directory.Exists(_dataFolder); attempt++)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
        }

        return Task.CompletedTask;
    }

    private async Task<bool> TryStartAsync(string script)
    {
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                script, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--location", _dataFolder, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = StartProcess(start);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !process.HasExited)
        {
            if (await AnswersAsync(Port))
            {
                return true;
            }

            await Task.Delay(100);
        }

        Stop(process);
        _process = null;
        return false;
    }

    private static async Task EnsureInstalledAsync(string tests, string script)
    {
        if (File.Exists(script))
        {
            return;
        }

        // Test assemblies may run in parallel processes: one installs, the others wait for it.
        var lockName = "mc-azurite-npm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tests)))[..16] + ".lock";
        await using var gate = await AcquireAsync(Path.Combine(Path.GetTempPath(), lockName));
        if (File.Exists(script))
        {
            return;
        }

        var npm = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe", "/c npm ci --no-audit --no-fund") : new ProcessStartInfo("npm", "ci --no-audit --no-fund");
        npm.WorkingDirectory = tests;
        npm.RedirectStandardOutput = true;
        npm.RedirectStandardError = true;
        npm.UseShellExecute = false;
        using var process = StartProcess(npm);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException($"'npm ci' in {tests} failed (exit {process.ExitCode}):{Environment.NewLine}{await output}{await error}");
        }
    }

    private static async Task<FileStream> AcquireAsync(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // Left in place afterwards: deleting a lock file on close lets a late waiter lock a stale copy.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                await Task.Delay(500);
            }
        }
    }

    private static Process StartProcess(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"'{start.FileName}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{start.FileName}' could not be started: the blob tests need Node.js (node and npm on the PATH).", e);
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Stop(Process process)
    {
        try
        {
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

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class UsesAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
