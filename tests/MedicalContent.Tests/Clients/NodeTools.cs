using System.Diagnostics;
using System.Text;
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
    public static async Task<ToolRun> RunFileAsync(string file, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{file}' did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }

        return new ToolRun($"{Path.GetFileName(file)} {string.Join(' ', arguments)}", process.ExitCode, await output, await error, clock.Elapsed);
    }
}

/// <summary>What a tool printed and how it ended; <see cref="ToString"/> is the whole of it, for failure messages.</summary>
public sealed record ToolRun(string Command, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Command} exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s");
        text.AppendLine("--- stdout").AppendLine(Output);
        text.AppendLine("--- stderr").AppendLine(Error);
        return text.ToString();
    }
}
