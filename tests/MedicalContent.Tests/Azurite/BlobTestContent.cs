using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MedicalContent.Model;
using MedicalContent.Publishing;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Azurite;

/// <summary>Edits of a copied content folder and looks into a container, for the publishing and CLI tests.</summary>
public static class BlobTestContent
{
    /// <summary>Adds v{to} of an article: a copy of v{from} that says it is version {to}.</summary>
    public static string AddVersion(TempContentFolder folder, string slug, int from, int to)
    {
        var document = Document(folder, slug, from);
        document["version"] = to;
        return Save(folder, slug, to, document);
    }

    /// <summary>Adds a new article (version 1) made from an existing one's v1.</summary>
    public static string AddArticle(TempContentFolder folder, string newSlug, string fromSlug = "metformin")
    {
        var document = Document(folder, fromSlug, 1);
        document["slug"] = newSlug;
        return Save(folder, newSlug, 1, document);
    }

    /// <summary>Changes the bytes of an existing version, keeping it valid.</summary>
    public static string Edit(TempContentFolder folder, string slug, int version)
    {
        var document = Document(folder, slug, version);
        var about = document["about"]!.AsObject();
        about["name"] = about["name"]!.GetValue<string>() + " (edited)";
        return Save(folder, slug, version, document);
    }

    /// <summary>Breaks two files in two ways: a missing required title and a citation of an unknown reference.</summary>
    public static void Break(TempContentFolder folder)
    {
        var metformin = Document(folder, "metformin", 1);
        metformin.Remove("title");
        Save(folder, "metformin", 1, metformin);

        var prediabetes = Document(folder, "prediabetes", 2);
        prediabetes["summary"] = "Cites a reference that does not exist [[no-such-reference]].";
        Save(folder, "prediabetes", 2, prediabetes);
    }

    /// <summary>
    /// Publishes every folder at once with its own <see cref="Publisher"/>, each held at its first index write until all
    /// have reached theirs: they all race for one index ETag (and one change number), and all but one must retry.
    /// </summary>
    public static Task<PublishResult[]> PublishRacingAsync(BlobContainerClient container, IReadOnlyList<TempContentFolder> folders)
    {
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<PublishResult> RunAsync(TempContentFolder folder)
        {
            var first = true;
            var publisher = new Publisher(container)
            {
                BeforeIndexWrite = async token =>
                {
                    if (first)
                    {
                        first = false;
                        if (Interlocked.Increment(ref arrived) == folders.Count)
                        {
                            allArrived.SetResult();
                        }

                        await allArrived.Task.WaitAsync(TimeSpan.FromMinutes(1), token);
                    }
                },
            };
            return Task.Run(() => publisher.PublishAsync(folder.Path, null, CancellationToken.None));
        }

        return Task.WhenAll(folders.Select(RunAsync));
    }

    public static async Task<List<string>> BlobNamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static async Task<ContentIndex> IndexAsync(BlobContainerClient container) =>
        (await new BlobContentStore(container).ReadIndexAsync(null, CancellationToken.None))!.Index;

    public static IEnumerable<string> VersionNames(ContentIndex index) =>
        index.Articles.SelectMany(a => a.Versions.Select(v => ContentFolder.VersionPath(a.Slug, v.Number)));

    private static JsonObject Document(TempContentFolder folder, string slug, int version) =>
        JsonNode.Parse(folder.Read(ContentFolder.VersionPath(slug, version)))!.AsObject();

    private static string Save(TempContentFolder folder, string slug, int version, JsonObject document)
    {
        var relative = ContentFolder.VersionPath(slug, version);
        folder.Write(relative, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return relative;
    }
}
