using System.CommandLine;
using Azure.Core;
using Azure.Identity;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Microsoft.Extensions.Configuration;

namespace MedicalContent.Cli;

/// <summary>
/// The <c>medcontent</c> command line, runnable in-process: output goes to the given writers and the exit code
/// (see <see cref="ExitCodes"/>) is returned, so tests call it exactly as a shell would.
/// </summary>
public sealed class CliApp
{
    public const string Name = "medcontent";

    private readonly CliContext _context;

    /// <param name="configuration">The settings the commands share with the API (<c>ContentStore</c>, <c>ContentCache</c>); the process's environment variables when null.</param>
    /// <param name="armCredential">Who purges Front Door through Azure Resource Manager; DefaultAzureCredential when null.</param>
    public CliApp(TextWriter stdout, TextWriter stderr, IConfiguration? configuration = null, TimeProvider? time = null, TokenCredential? armCredential = null)
    {
        _context = new CliContext(
            stdout, stderr, configuration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build(), time ?? TimeProvider.System, armCredential ?? new DefaultAzureCredential(), Http);
    }

    // One client for the process: purges are a handful of requests, each bounded.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        new CliApp(stdout, stderr).RunAsync(args, CancellationToken.None);

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // Named explicitly: a RootCommand takes the host process's name, which in-process is the test runner's.
        var root = new Command(Name, "Validate, publish and retract medical article content in Azure Blob Storage.")
        {
            new HelpOption(),
            new VersionOption(),
            ValidateCommand.Create(_context),
            PublishCommand.Create(_context),
            RetractCommand.Create(_context),
        };

        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await _context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            var path = parse.CommandResult.Command == root ? root.Name : $"{root.Name} {parse.CommandResult.Command.Name}";
            await _context.Error.WriteLineAsync($"Run '{path} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = _context.Out, Error = _context.Error };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What every command needs from its host: the writers, the configuration (under the flags), the clock, and what purges edges.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IConfiguration Configuration, TimeProvider Time, TokenCredential ArmCredential, HttpClient Http);
