using System.Diagnostics;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Clients;

/// <summary>
/// The pinned npm tools the client tests run (tests/package.json: Spectral, Redocly CLI, openapi-typescript,
/// TypeScript), installed with <c>npm ci</c> when missing, each run with a bounded time and its output captured.
/// </summary>
public static class NodeTools
{
    public static string Tests { get; } = Path.Combine(RepoPaths.Root, "tests");

    private static readonly string[] Names = ["spectral", "redocly", "openapi-typescript", "tsc"];

    /// <summary>Installs tests/node_modules from the lock file unless every tool is already there.</summary>
    public static async Task EnsureInstalledAsync()
    {
        foreach (var name in Names)
        {
            // A checkout whose node_modules predates a tool gets a fresh npm ci; later tools are then present.
            await SystemPackages.EnsureNpmAsync(Tests, Binary(name));
        }
    }

    /// <summary>tests/node_modules/.bin/<paramref name="name"/> (the .cmd shim on Windows).</summary>
    public static string Binary(string name) =>
        Path.Combine(Tests, "node_modules", ".bin", OperatingSystem.IsWindows() ? name + ".cmd" : name);

    public static Task<ToolRun> RunAsync(string name, string workingDirectory, params string[] arguments) =>
        RunFileAsync(Binary(name), workingDirectory, arguments);

    /// <summary>Runs a program to its end (at most three minutes) with colours, telemetry and update checks off.</summary>
    public static Task<ToolRun> RunFileAsync(string file, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        return ToolRun.RunAsync(start, TimeSpan.FromMinutes(3));
    }
}
