using System.Text.Json.Nodes;
using MedicalContent.Cli;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Cli;

/// <summary><c>medcontent validate</c>: warnings go to stderr as "warning: file#pointer: message" and leave the exit code at 0.</summary>
public sealed class ValidateWarningsTests
{
    /// <summary>Patient text long-winded enough for any grade formula to put it well above grade 0.</summary>
    private const string HardPatientText =
        "Notwithstanding considerable interindividual variability, physiological insulin insensitivity characteristically " +
        "necessitates compensatory pancreatic hypersecretion, consequently predisposing susceptible individuals to " +
        "progressive glycaemic deterioration, cardiometabolic complications and hepatic steatosis [[ref-a]].";

    private static TempContentFolder HardToReadFolder()
    {
        var article = Documents.ModelArticle();
        Documents.Blocks(article)[0]!["text"]!["patient"] = HardPatientText;
        return Documents.Folder(article);
    }

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task ALegacyConditionIsAWarningAndTheFolderIsStillValid()
    {
        using var folder = Documents.Folder(Documents.Article("legacy"), Documents.ModelArticle("current"));

        var run = await CliRunner.RunAsync("validate", folder.Path);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("valid (2 article(s), 2 version(s)); 2 warning(s)", run.Out, StringComparison.Ordinal);
        Assert.Equal(
            [
                "warning: articles/legacy/v1.json#/condition: uses the legacy 'condition'; new versions use 'about' (kind, name and codes) instead",
                "warning: articles/legacy/v1.json#/review: approved without 'nextReviewDue', so readers are not told when it is due for review; new versions must give one",
            ],
            Lines(run.Error));
    }

    [Fact]
    public async Task WarningsArePrintedBeforeTheProblemsOfAnInvalidFolder()
    {
        var broken = Documents.ModelArticle("current");
        broken["related"] = new JsonArray("missing-article");
        using var folder = Documents.Folder(Documents.Article("legacy"), broken);

        var run = await CliRunner.RunAsync("validate", folder.Path);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        var lines = Lines(run.Error);
        Assert.StartsWith("warning: articles/legacy/v1.json#/condition: ", lines[0], StringComparison.Ordinal);
        Assert.Equal("articles/current/v1.json#/related/0: related article 'missing-article' does not exist in this content folder", lines[2]);
        Assert.Equal("1 problem(s) found; nothing was changed.", lines[3]);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("8,5")]
    public async Task AMaxPatientGradeThatIsNotAGradeIsAUsageError(string value)
    {
        using var folder = Documents.Folder(Documents.ModelArticle());

        var run = await CliRunner.RunAsync("validate", folder.Path, "--max-patient-grade", value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"error: --max-patient-grade must be a school grade of 0 or more, such as 8 or 7.5; it was '{value}'.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHelpDocumentsTheMaximumPatientGradeAndItsDefault()
    {
        var run = await CliRunner.RunAsync("validate", "--help");

        Assert.Contains("--max-patient-grade <grade>", run.Out, StringComparison.Ordinal);
        Assert.Contains("schemaOrgAudience is \"Patient\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("[default: 8]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHighMaximumGradeGivesNoReadabilityWarning()
    {
        using var folder = HardToReadFolder();

        var run = await CliRunner.RunAsync("validate", folder.Path, "--max-patient-grade", "100");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
    }

    /// <summary>End to end with the renderer's real grade: any real prose reads above grade 0.</summary>
    [Fact]
    public async Task APatientTextAboveTheMaximumGradeIsAWarningWithTheRenderersGrade()
    {
        using var folder = HardToReadFolder();

        var run = await CliRunner.RunAsync("validate", folder.Path, "--max-patient-grade", "0");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var warning = Assert.Single(Lines(run.Error));
        Assert.StartsWith("warning: articles/sample/v1.json#: the text for audience 'patient' reads at grade ", warning, StringComparison.Ordinal);
        Assert.EndsWith("above the 0 patient texts aim for: shorter sentences and everyday words bring it down", warning, StringComparison.Ordinal);
        Assert.Contains("; 1 warning(s)", run.Out, StringComparison.Ordinal);
    }
}
