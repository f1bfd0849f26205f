using MedicalContent.Cli;
using MedicalContent.Settings;
using Microsoft.Extensions.Configuration;

namespace MedicalContent.Tests.Cli;

/// <summary>Runs <c>medcontent</c> in-process with captured output and an environment of the test's choosing only.</summary>
public static class CliRunner
{
    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(environment, null, args);

    /// <summary>With <paramref name="armCredential"/> standing in for the developer's Azure sign-in (Front Door purges).</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, Azure.Core.TokenCredential? armCredential, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var app = new CliApp(stdout, stderr, Configuration(environment), armCredential: armCredential);
        var code = await app.RunAsync(args, CancellationToken.None);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>What the CLI's environment variables provider makes of these variables ("__" separates sections), and nothing else.</summary>
    private static IConfiguration Configuration(IReadOnlyDictionary<string, string>? environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection((environment ?? new Dictionary<string, string>()).Select(v => KeyValuePair.Create(SettingNames.FromEnvironmentVariable(v.Key), (string?)v.Value)))
            .Build();
}

public sealed record CliRun(int ExitCode, string Out, string Error);
