using System.Diagnostics;
using System.Text;

namespace MedicalContent.Tests.Support;

/// <summary>
/// Runs the <c>dotnet</c> CLI (a tool, a build, a program) from a test as a user would run it in a shell, bounded in
/// time, and returns its exit code and output. The environment passes through (CI=true keeps restores locked).
/// </summary>
public static class DotnetCli
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would point a nested build at the wrong SDK pieces.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // Kiota (dotnet kiota): no update check against api.github.com on each command, no telemetry.
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        start.Environment["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("'dotnet' did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout.TotalMinutes:0} minutes.");
        }

        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return new Result(process.ExitCode, output, clock.Elapsed);
    }

    /// <summary>Like <see cref="RunAsync"/>, and fails with the command's output unless it exits with 0.</summary>
    public static async Task<Result> RunCheckedAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var result = await RunAsync(workingDirectory, timeout, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({result.ExitCode}) in {workingDirectory}:{Environment.NewLine}{result.Output}");
        }

        return result;
    }
}
