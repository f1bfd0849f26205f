using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Azurite;

/// <summary>
/// The one Azurite blob emulator of a test run (xunit 2 has no assembly fixtures): installed from
/// tests/package-lock.json with <c>npm ci</c> when missing (<see cref="SystemPackages"/>), started by the first test
/// that needs it on a free loopback port with a temporary data folder (<see cref="ServerProcess"/>), stopped and its
/// folder deleted when the test process exits. Tests share the process, never a container.
/// </summary>
public sealed class SharedAzurite
{
    // The documented, public Azurite development-storage key (the same in every installation); not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Account = "devstoreaccount1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<Task<SharedAzurite>> Instance = new(StartAsync);

    private readonly ServerProcess _process;
    private readonly string _dataFolder;

    private SharedAzurite(ServerProcess process, string dataFolder, int port)
    {
        _process = process;
        _dataFolder = dataFolder;
        Port = port;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{Account};";
    }

    public string ConnectionString { get; }

    public int Port { get; }

    public BlobServiceClient Service => new(ConnectionString);

    /// <summary>The run's Azurite, started on the first call; later calls wait for the same start.</summary>
    public static Task<SharedAzurite> GetAsync() => Instance.Value;

    /// <summary>A new, empty container with a unique name: each test gets its own.</summary>
    public async Task<BlobContainerClient> CreateContainerAsync()
    {
        var container = Service.GetBlobContainerClient("t" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync();
        return container;
    }

    private static async Task<SharedAzurite> StartAsync()
    {
        var tests = Path.Combine(RepoPaths.Root, "tests");
        var script = Path.Combine(tests, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        await SystemPackages.EnsureNpmAsync(tests, script);
        var dataFolder = Path.Combine(Path.GetTempPath(), "mc-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);

        // A port found free can be taken before Azurite binds it; a fresh one is tried then.
        for (var attempt = 1; ; attempt++)
        {
            var port = Ports.Free();
            var start = new ProcessStartInfo("node")
            {
                ArgumentList =
                {
                    script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                    "--location", dataFolder, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                },
            };
            try
            {
                var azurite = new SharedAzurite(await ServerProcess.StartAsync(start, port, StartTimeout), dataFolder, port);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Stop();
                return azurite;
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException("'node' could not be started: the blob tests need Node.js (node and npm on the PATH).", e);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Did not listen in time (or exited): try another port.
            }
        }
    }

    private void Stop()
    {
        _process.Dispose();
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
    }
}
