using System.Diagnostics;
using System.Text;

namespace MedicalContent.Tests.Support;

/// <summary>What a tool printed and how it ended; <see cref="ToString"/> is the whole of it, for failure messages.</summary>
public sealed record ToolRun(string Command, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>
    /// Runs <paramref name="start"/> to its end with its output captured; past <paramref name="timeout"/> the process
    /// tree is killed and a <see cref="TimeoutException"/> names the command.
    /// </summary>
    public static async Task<ToolRun> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var command = string.Join(' ', start.ArgumentList.Prepend(Path.GetFileName(start.FileName)));

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{start.FileName}' did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {timeout.TotalMinutes:0.#} minutes.");
        }

        return new ToolRun(command, process.ExitCode, await output, await error, clock.Elapsed);
    }

    /// <summary>The test host's MSBuild and VSTest variables would point a nested build at the wrong SDK pieces.</summary>
    public static void RemoveTestHostBuildVariables(ProcessStartInfo start)
    {
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Command} exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s");
        text.AppendLine("--- stdout").AppendLine(Output);
        text.AppendLine("--- stderr").AppendLine(Error);
        return text.ToString();
    }
}
