using MedicalContent.Cli;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Cli;

public sealed class CliUsageTests
{
    [Theory]
    [InlineData("")]
    [InlineData("validate")]
    [InlineData("publish")]
    [InlineData("retract")]
    public async Task HelpOnEveryCommandExitsZero(string command)
    {
        string[] args = command.Length == 0 ? ["--help"] : [command, "--help"];

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
        Assert.Contains($"medcontent {command}".TrimEnd(), run.Out, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    // Arguments separated by '|' (some contain spaces on purpose).
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("")]
    [InlineData("validate")]
    [InlineData("publish|content|--connection-string|UseDevelopmentStorage=true|--unknown-option")]
    [InlineData("retract|prediabetes|two|--reason|wrong|--connection-string|UseDevelopmentStorage=true")]
    [InlineData("retract|prediabetes|0|--reason|wrong|--connection-string|UseDevelopmentStorage=true")]
    [InlineData("retract|prediabetes|2|--connection-string|UseDevelopmentStorage=true")]
    [InlineData("retract|prediabetes|2|--reason| |--connection-string|UseDevelopmentStorage=true")]
    [InlineData("retract|Not A Slug|2|--reason|wrong|--connection-string|UseDevelopmentStorage=true")]
    [InlineData("publish|content|--account-url|http://insecure.blob.core.windows.net")]
    [InlineData("publish|content|--account-url|https://contoso.blob.core.windows.net|--connection-string|UseDevelopmentStorage=true")]
    [InlineData("publish|content|--container|Not_A_Container|--connection-string|UseDevelopmentStorage=true")]
    public async Task UsageErrorsExitTwoAndPointToHelp(string args)
    {
        var run = await CliRunner.RunAsync(args.Length == 0 ? [] : args.Split('|'));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("publish|content")]
    [InlineData("retract|prediabetes|2|--reason|wrong")]
    public async Task ACommandThatNeedsAStoreWithoutOneIsAUsageError(string args)
    {
        var run = await CliRunner.RunAsync(new Dictionary<string, string>(), args.Split('|'));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--account-url", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidatingTheRepositoryContentExitsZero()
    {
        var run = await CliRunner.RunAsync("validate", RepoPaths.ContentJson);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("valid (5 article(s), 9 version(s))", run.Out, StringComparison.Ordinal);
        Assert.All(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("warning: ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidatingInvalidContentPrintsEveryProblemAsFilePointerMessageAndExitsOne()
    {
        using var folder = new TempContentFolder();
        Azurite.BlobTestContent.Break(folder);

        var run = await CliRunner.RunAsync("validate", folder.Path);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        var lines = run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("articles/metformin/v1.json#", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("articles/prediabetes/v2.json#/summary: ", StringComparison.Ordinal) && l.Contains("no-such-reference", StringComparison.Ordinal));
        Assert.EndsWith("problem(s) found; nothing was changed.", lines[^1], StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task ValidatingAFolderThatDoesNotExistExitsOne()
    {
        var run = await CliRunner.RunAsync("validate", Path.Combine(Path.GetTempPath(), "mc-no-such-folder-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("content folder does not exist", run.Error, StringComparison.Ordinal);
    }
}
