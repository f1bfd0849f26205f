using MedicalContent.Cli;
using MedicalContent.Publishing;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Cli;

[Integration]
[Collection(UsesAzurite.Name)]
public sealed class RetractCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RetractingMarksTheVersionInTheIndexAndExitsZero()
    {
        var container = await PublishedAsync();

        var run = await RetractAsync(container.Name, "prediabetes", "2", "--reason", "The dosage table was wrong.");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("/api/v1/articles/prediabetes/versions/2 now answers 410 Gone", run.Out, StringComparison.Ordinal);
        var entry = (await BlobTestContent.IndexAsync(container)).Articles.Single(a => a.Slug == "prediabetes").Versions.Single(v => v.Number == 2);
        Assert.Equal("The dosage table was wrong.", entry.Retraction?.Reason);
    }

    [Theory]
    [InlineData("no-such-article", "1", "no published article 'no-such-article'")]
    [InlineData("prediabetes", "9", "'prediabetes' has no version 9")]
    public async Task RetractingAnUnknownArticleOrVersionExitsOne(string slug, string version, string message)
    {
        var container = await PublishedAsync();

        var run = await RetractAsync(container.Name, slug, version, "--reason", "wrong");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetractingAnAlreadyRetractedVersionExitsOne()
    {
        var container = await PublishedAsync();
        await RetractAsync(container.Name, "prediabetes", "2", "--reason", "first");

        var run = await RetractAsync(container.Name, "prediabetes", "2", "--reason", "second");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("already retracted", run.Error, StringComparison.Ordinal);
        Assert.Contains("first", run.Error, StringComparison.Ordinal);
    }

    private async Task<Azure.Storage.Blobs.BlobContainerClient> PublishedAsync()
    {
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        return container;
    }

    private Task<CliRun> RetractAsync(string container, params string[] args) =>
        CliRunner.RunAsync(["retract", .. args, "--connection-string", azurite.ConnectionString, "--container", container]);
}
