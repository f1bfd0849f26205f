using System.Diagnostics;

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
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ToolRun.RemoveTestHostBuildVariables(start);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // Kiota (dotnet kiota): no update check against api.github.com on each command, no telemetry.
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        start.Environment["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true";

        var run = await ToolRun.RunAsync(start, timeout);
        return new Result(run.ExitCode, run.Output + run.Error, run.Elapsed);
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
