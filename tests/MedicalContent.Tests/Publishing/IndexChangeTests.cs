using System.Text.Json;
using MedicalContent.Model;
using MedicalContent.Publishing;
using MedicalContent.Serialization;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Publishing;

/// <summary>A logged change applied to the index it was computed from gives exactly the index written with it.</summary>
public sealed class IndexChangeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempContentFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ANewVersionANewArticleAndANewVocabularyApplyToExactlyTheNextIndex()
    {
        var current = Index();
        BlobTestContent.AddVersion(_folder, "prediabetes", 2, 3);
        BlobTestContent.AddArticle(_folder, "aaa-first");
        BlobTestContent.AddArticle(_folder, "nnn-middle");
        var load = ContentFolder.Load(_folder.Path);
        var vocabulary = load.Vocabulary! with { Audiences = [.. load.Vocabulary!.Audiences.Reverse()] };
        var next = IndexMerge.Merge(current, vocabulary, load.Syndication!, load.Versions, Now);

        var change = IndexChange.Between(current, next, "\"etag\"", audiencesChanged: true)!;

        Assert.Equal(["aaa-first", "nnn-middle", "prediabetes"], change.Slugs);
        Assert.Equal("\"etag\"", change.Base);
        var roundTripped = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(change, CoreJsonContext.Default.IndexChange), CoreJsonContext.Default.IndexChange)!;
        Assert.Equal(Bytes(next), Bytes(roundTripped.ApplyTo(current)));
    }

    [Fact]
    public void ARetractionIsAChangeOfOneArticleAndAnUnchangedVocabularyIsNotRepeated()
    {
        var current = Index();
        var metformin = current.Articles.Single(a => a.Slug == "metformin");
        var next = current with
        {
            Articles = [.. current.Articles.Select(a => a != metformin ? a : a with
            {
                Versions = [.. a.Versions.Select(v => v.Number != 1 ? v : v with { Retraction = new Retraction { RetractedAt = Now, Reason = "error", Sequence = 99 } })],
            })],
        };

        var change = IndexChange.Between(current, next, "\"e\"", audiencesChanged: false)!;

        Assert.Equal(["metformin"], change.Slugs);
        Assert.Null(change.Audiences);
        Assert.Equal(Bytes(next), Bytes(change.ApplyTo(current)));
    }

    [Fact]
    public void ARemovedArticleIsNoDelta()
    {
        var current = Index();

        Assert.Null(IndexChange.Between(current, current with { Articles = current.Articles.Skip(1).ToList() }, "\"e\"", audiencesChanged: false));
    }

    private ContentIndex Index()
    {
        var load = ContentFolder.Load(_folder.Path);
        return IndexMerge.Merge(null, load.Vocabulary!, load.Syndication!, load.Versions, Now);
    }

    private static byte[] Bytes(ContentIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, CoreJsonContext.Default.ContentIndex);
}
