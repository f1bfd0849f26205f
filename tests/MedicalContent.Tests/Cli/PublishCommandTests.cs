using System.Net;
using System.Net.Sockets;
using MedicalContent.Cli;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Cli;

[Integration]
[Collection(UsesAzurite.Name)]
public sealed class PublishCommandTests(AzuriteFixture azurite)
{
    /// <summary>How many article versions the repository's content folder holds.</summary>
    private static readonly int Shipped = Directory.GetFiles(Path.Combine(RepoPaths.ContentJson, ContentFolder.ArticlesFolder), "v*.json", SearchOption.AllDirectories).Length;

    [Fact]
    public async Task PublishingShowsProgressAndASummaryAndRepublishingIsANoOp()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();

        var first = await PublishAsync(container.Name, folder.Path);
        var second = await PublishAsync(container.Name, folder.Path);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Contains($"[1/{Shipped}] articles/", first.Out, StringComparison.Ordinal);
        Assert.Contains($"[{Shipped}/{Shipped}] articles/", first.Out, StringComparison.Ordinal);
        Assert.Contains($"published {Shipped} new version(s), 0 unchanged; index updated", first.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains($"nothing to publish: {Shipped} version(s) unchanged; index unchanged", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("[1/", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", first.Out + first.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingInvalidContentLeavesTheContainerEmptyAndExitsOne()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        BlobTestContent.Break(folder);

        var run = await PublishAsync(container.Name, folder.Path);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("articles/prediabetes/v2.json#/summary: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(await BlobTestContent.BlobNamesAsync(container));
    }

    [Fact]
    public async Task PublishingChangedBytesUnderAPublishedVersionExitsOneAndSaysToBumpTheVersion()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await PublishAsync(container.Name, folder.Path);
        var edited = BlobTestContent.Edit(folder, "prediabetes", 1);

        var run = await PublishAsync(container.Name, folder.Path);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains($"{edited}#: version 1 of 'prediabetes' is already published with different bytes", run.Error, StringComparison.Ordinal);
        Assert.Contains("save your edit as v3.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADryRunPrintsEachPlannedActionAndChangesNothing()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await PublishAsync(container.Name, folder.Path);
        var index = await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync();
        var version = BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);
        var article = BlobTestContent.AddArticle(folder, "brand-new-article");

        var run = await PublishAsync(container.Name, folder.Path, "--dry-run");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"would upload {version}", run.Out, StringComparison.Ordinal);
        Assert.Contains($"would upload {article}", run.Out, StringComparison.Ordinal);
        Assert.Contains("would write index.json", run.Out, StringComparison.Ordinal);
        Assert.Contains($"dry run: 2 new version(s), {Shipped} unchanged; index would be updated; nothing was changed", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(version, await BlobTestContent.BlobNamesAsync(container));
        var after = await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync();
        Assert.Equal(index.Value.ETag, after.Value.ETag);
    }

    [Fact]
    public async Task TheStoreIsTakenFromTheSameEnvironmentVariablesAsTheApi()
    {
        var container = await azurite.CreateContainerAsync();
        var environment = new Dictionary<string, string>
        {
            [ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ConnectionString))] = azurite.ConnectionString,
            [ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ContainerName))] = container.Name,
        };

        var run = await CliRunner.RunAsync(environment, "publish", RepoPaths.ContentJson);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(container.Name, run.Out, StringComparison.Ordinal);
        Assert.Contains(BlobContentStore.IndexBlobName, await BlobTestContent.BlobNamesAsync(container));
    }

    [Fact]
    public async Task FlagsOverrideTheStoreTheEnvironmentNames()
    {
        var container = await azurite.CreateContainerAsync();
        var elsewhere = azurite.ConnectionString.Replace($":{azurite.Port}/", $":{ClosedPort()}/", StringComparison.Ordinal);
        var environment = new Dictionary<string, string>
        {
            [ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ConnectionString))] = elsewhere,
            [ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ContainerName))] = "not-this-container",
        };

        var run = await CliRunner.RunAsync(environment, "publish", RepoPaths.ContentJson, "--connection-string", azurite.ConnectionString, "--container", container.Name);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(container.Name, run.Out, StringComparison.Ordinal);
        Assert.Contains(BlobContentStore.IndexBlobName, await BlobTestContent.BlobNamesAsync(container));
    }

    [Fact]
    public async Task AFlagOverridesOnlyTheSettingItNames()
    {
        var container = await azurite.CreateContainerAsync();
        var environment = new Dictionary<string, string>
        {
            [ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ContainerName))] = container.Name,
        };

        var run = await CliRunner.RunAsync(environment, "publish", RepoPaths.ContentJson, "--connection-string", azurite.ConnectionString);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(BlobContentStore.IndexBlobName, await BlobTestContent.BlobNamesAsync(container));
    }

    [Fact]
    public async Task ABadStoreSettingInTheEnvironmentIsAUsageErrorNamingTheVariable()
    {
        var variable = ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ContainerName));

        var run = await CliRunner.RunAsync(new Dictionary<string, string> { [variable] = "Not_A_Container" }, "publish", RepoPaths.ContentJson, "--connection-string", azurite.ConnectionString);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"{variable} must be 3 to 63 lowercase letters", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentPublishRunsOfDifferentNewVersionsLoseNothing()
    {
        var container = await azurite.CreateContainerAsync();
        await PublishAsync(container.Name, RepoPaths.ContentJson);
        var folders = Enumerable.Range(1, 4).Select(_ => new TempContentFolder()).ToList();
        try
        {
            var added = folders.Select((f, i) => i == 0 ? BlobTestContent.AddVersion(f, "prediabetes", 2, 3) : BlobTestContent.AddArticle(f, $"parallel-{i}")).ToList();

            var runs = await Task.WhenAll(folders.Select(f => Task.Run(() => PublishAsync(container.Name, f.Path))));

            Assert.All(runs, r => Assert.Equal(ExitCodes.Success, r.ExitCode));
            var names = BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)).ToList();
            Assert.All(added, name => Assert.Contains(name, names));
            Assert.Equal(Shipped + added.Count, names.Count);
        }
        finally
        {
            folders.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task AnUnreachableStoreExitsThree()
    {
        var port = ClosedPort();
        var connectionString = azurite.ConnectionString.Replace($":{azurite.Port}/", $":{port}/", StringComparison.Ordinal);

        var run = await CliRunner.RunAsync("publish", RepoPaths.ContentJson, "--connection-string", connectionString, "--container", "unreachable");

        Assert.Equal(ExitCodes.StoreFailed, run.ExitCode);
        Assert.Contains("could not reach", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> PublishAsync(string container, string folder, params string[] extra) =>
        CliRunner.RunAsync(["publish", folder, "--connection-string", azurite.ConnectionString, "--container", container, .. extra]);

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
