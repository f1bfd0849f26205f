using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// The deployment zip, built once per test run by the documented command (<c>eng/package.sh</c>), unpacked into a
/// temporary folder with the Unix modes stored in the archive, as the Flex Consumption platform unpacks it.
/// </summary>
public sealed class FunctionAppPackage : IAsyncLifetime
{
    public const string ZipName = "medical-content-api.zip";

    private static readonly TimeSpan PackageTimeout = TimeSpan.FromMinutes(10);

    private readonly string _work = Path.Combine(Path.GetTempPath(), "mc-package-" + Guid.NewGuid().ToString("N"));

    public string ZipPath => Path.Combine(_work, "out", ZipName);

    /// <summary>The function app root (the host's script root): where the zip is unpacked.</summary>
    public string Root => Path.Combine(_work, "wwwroot");

    /// <summary>Unix mode of every entry, as stored in the zip's external attributes.</summary>
    public IReadOnlyDictionary<string, UnixFileMode> Modes { get; private set; } = new Dictionary<string, UnixFileMode>();

    public string PackageOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        PackageOutput = await RunPackageScriptAsync(Path.Combine(_work, "out"));
        Modes = Unzip(ZipPath, Root);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A handler that has not quite exited may still hold a file; the temp folder is reclaimed later.
        }

        return Task.CompletedTask;
    }

    public JsonElement HostJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "host.json")));
        return document.RootElement.Clone();
    }

    /// <summary>Starts the custom handler the way the Functions host does, on a free loopback port.</summary>
    public async Task<(ServerProcess Server, int Port)> StartHandlerAsync(IReadOnlyDictionary<string, string> appSettings)
    {
        var launch = CustomHandlerLaunch.FromHostJson(HostJson(), Root);
        for (var attempt = 1; ; attempt++)
        {
            var port = Ports.Free();
            var start = launch.StartInfo(port, appSettings);
            try
            {
                return (await ServerProcess.StartAsync(start, port, TimeSpan.FromSeconds(30)), port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The free port was taken before the handler bound it; the host would pick another one too.
            }
        }
    }

    private static async Task<string> RunPackageScriptAsync(string outFolder)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepoPaths.Root, "eng", "package.sh"), "--out", outFolder },
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test host's MSBuild variables would point a nested `dotnet publish` at the wrong SDK pieces.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PackageTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"eng/package.sh did not finish within {PackageTimeout.TotalMinutes:0} minutes.");
        }

        output.Append(await stdout).Append(await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"eng/package.sh failed ({process.ExitCode}):{Environment.NewLine}{output}");
        }

        return output.ToString();
    }

    /// <summary>Extracts every entry and gives it the Unix mode stored in the archive (upper 16 bits of the external attributes).</summary>
    private static Dictionary<string, UnixFileMode> Unzip(string zip, string destination)
    {
        var modes = new Dictionary<string, UnixFileMode>(StringComparer.Ordinal);
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        using var archive = ZipFile.OpenRead(zip);
        foreach (var entry in archive.Entries)
        {
            var path = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (!path.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{zip}: entry '{entry.FullName}' points outside the package.");
            }

            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(path);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path, overwrite: true);
            var mode = (UnixFileMode)(((uint)entry.ExternalAttributes >> 16) & 0xFFF);
            modes[entry.FullName] = mode;
            if (mode != UnixFileMode.None && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }
        }

        return modes;
    }
}

/// <summary>
/// How the Functions host (Microsoft.Azure.WebJobs.Script, HttpWorkerOptionsSetup / HttpWorkerDescription /
/// DefaultWorkerProcessFactory) turns customHandler.description into a process: a relative defaultExecutablePath
/// is taken from the script root when that file exists there (otherwise it is a command on PATH), a relative
/// workingDirectory is under the script root (default: the root), %VARIABLES% in arguments are expanded, and the
/// port comes in FUNCTIONS_CUSTOMHANDLER_PORT.
/// </summary>
public sealed record CustomHandlerLaunch(string ExecutablePath, string WorkingDirectory, IReadOnlyList<string> Arguments, string ScriptRoot)
{
    public static CustomHandlerLaunch FromHostJson(JsonElement hostJson, string scriptRoot)
    {
        var description = hostJson.GetProperty("customHandler").GetProperty("description");
        var executable = description.GetProperty("defaultExecutablePath").GetString()!;
        if (!Path.IsPathRooted(executable) && File.Exists(Path.Combine(scriptRoot, executable)))
        {
            executable = Path.Combine(scriptRoot, executable);
        }

        var workingDirectory = description.TryGetProperty("workingDirectory", out var wd) ? wd.GetString() : null;
        workingDirectory = string.IsNullOrEmpty(workingDirectory)
            ? scriptRoot
            : Path.IsPathRooted(workingDirectory) ? workingDirectory : Path.Combine(scriptRoot, workingDirectory);

        var arguments = description.TryGetProperty("arguments", out var list)
            ? list.EnumerateArray().Select(a => a.GetString() ?? "").ToList()
            : [];
        return new CustomHandlerLaunch(executable, workingDirectory, arguments, scriptRoot);
    }

    public ProcessStartInfo StartInfo(int port, IReadOnlyDictionary<string, string> appSettings)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var workerId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = WorkingDirectory,
            Arguments = string.Concat(Arguments.Select(a => " " + Environment.ExpandEnvironmentVariables(a))),
            UseShellExecute = false,
        };

        // Only the platform's variables and the app settings: nothing from the test runner leaks into the handler.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in appSettings)
        {
            start.Environment[name] = value;
        }

        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = portText;
        start.Environment["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = workerId;
        start.Environment["FUNCTIONS_HTTPWORKER_PORT"] = portText;
        start.Environment["FUNCTIONS_HTTPWORKER_ID"] = workerId;
        start.Environment["FUNCTIONS_APP_ROOT_PATH"] = ScriptRoot;
        return start;
    }
}
