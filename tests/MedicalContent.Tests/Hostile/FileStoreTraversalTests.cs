using CsCheck;
using MedicalContent.Storage;
using Xunit.Abstractions;

namespace MedicalContent.Tests.Hostile;

/// <summary>
/// The file store on its own, called with slugs and versions no request could carry (the API validates slugs
/// first): even such a caller cannot read a file outside the content root.
/// </summary>
public sealed class FileStoreTraversalTests(ITestOutputHelper output) : IDisposable
{
    private readonly PlantedContent _content = new();

    public void Dispose() => _content.Dispose();

    [Fact]
    public void TraversalLikeSlugsAndVersionsNeverReadAFileOutsideTheContentRoot()
    {
        var store = new FileContentStore(_content.Root);
        var root = Path.GetFullPath(_content.Root) + Path.DirectorySeparatorChar;
        var segment = Gen.Frequency(
            (6, Gen.OneOf(
                "..", ".", "...", "", "articles", "insulin-resistance", "metformin", "content-json", "content-json-evil",
                "..\\..", "%2e%2e", "~", "/", "//", "\\", "v1.json", "secret.txt", "audiences.json", "a\0b")),
            (1, HostileRequests.Chars("abcdefghijklmnopqrstuvwxyz0123456789-./\\~", 0, 10)));
        var slug = Gen.Frequency(
            (6, segment.Array[1, 6].Select(parts => string.Join('/', parts))),
            (1, Gen.OneOf(
                "insulin-resistance", "../../content-json-evil/articles/insulin-resistance", "../..", "../../articles/insulin-resistance",
                "../../content-json/articles/insulin-resistance", "../../../../../../../../etc", "/etc", "insulin-resistance/../../..")));
        var version = Gen.Frequency((5, Gen.Int[-2, 4]), (1, Gen.OneOf(int.MaxValue, int.MinValue)));
        var cases = 0;
        var found = 0;
        var notFound = 0;
        var refused = 0;

        Gen.Select(slug, version).Sample(
            (s, v) =>
            {
                Interlocked.Increment(ref cases);
                byte[] bytes;
                try
                {
                    bytes = store.ReadVersionAsync(s, v, CancellationToken.None).GetAwaiter().GetResult();
                }
                catch (ContentNotFoundException)
                {
                    Interlocked.Increment(ref notFound);
                    return;
                }
                catch (ArgumentException) when (s.Contains('\0', StringComparison.Ordinal))
                {
                    // Path.GetFullPath refuses a NUL before the root check runs: a refusal, not a read.
                    Interlocked.Increment(ref refused);
                    return;
                }

                // Whatever was read must be a file under the root, byte for byte.
                var path = Path.GetFullPath(Path.Combine(_content.Root, ContentFolder.VersionPath(s, v)));
                Assert.StartsWith(root, path, StringComparison.Ordinal);
                Assert.Equal(File.ReadAllBytes(path), bytes);
                Assert.DoesNotContain(_content.Secret, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
                Interlocked.Increment(ref found);
            },
            iter: 3000,
            print: t => $"slug '{t.Item1}', version {t.Item2}");

        // The property is not vacuous: real versions are found through the same calls.
        Assert.True(found > 0, "no generated slug reached a real version");
        output.WriteLine($"fuzz [file store traversal]: {cases} cases tried, 0 failures; {found} read a real version inside the root, {notFound} not found, {refused} refused (NUL in the path)");
    }

    [Theory]
    [InlineData("../..", 1)]
    [InlineData("../../content-json-evil/articles/insulin-resistance", 1)]
    [InlineData("../../articles/insulin-resistance", 1)]
    [InlineData("../../content-json-evil", 1)]
    public async Task AVersionPathThatLeavesTheRootIsNotFoundEvenWhenAFileIsThere(string slug, int version)
    {
        var store = new FileContentStore(_content.Root);
        var outside = Path.GetFullPath(Path.Combine(_content.Root, ContentFolder.VersionPath(slug, version)));
        Assert.True(File.Exists(outside), $"the planted file {outside} is missing");

        await Assert.ThrowsAsync<ContentNotFoundException>(() => store.ReadVersionAsync(slug, version, CancellationToken.None));
    }
}
