using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using MedicalContent.Model;
using MedicalContent.Serialization;
using MedicalContent.Validation;

namespace MedicalContent.Storage;

/// <summary>
/// The on-disk layout editors work in (and the embedded default the API serves):
/// <c>audiences.json</c>, <c>syndication.json</c> and <c>articles/{slug}/v{version}.json</c>.
/// </summary>
public static partial class ContentFolder
{
    public const string AudiencesFile = "audiences.json";
    public const string SyndicationFile = "syndication.json";
    public const string ArticlesFolder = "articles";

    [GeneratedRegex("^v([1-9][0-9]{0,5})\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionFile();

    public static string VersionPath(string slug, int version) =>
        $"{ArticlesFolder}/{slug}/v{version.ToString(CultureInfo.InvariantCulture)}.json";

    /// <summary>Where <see cref="Load(string)"/> looks for the articles other articles link to.</summary>
    private const string InThisFolder = "in this content folder";

    /// <summary>Reads and validates a whole content folder, collecting every problem; the folder is the whole content set.</summary>
    public static ContentFolderLoad Load(string root) => Load(root, linksWithinFolder: true);

    /// <summary>Reads and validates a content folder, collecting every problem.</summary>
    /// <param name="linksWithinFolder">
    /// Whether the articles that <c>related</c> and <c>answeredBy</c> name must be in the folder. A publish passes false
    /// and checks them itself, since they may also be in the store (<see cref="Publishing.Publisher"/>).
    /// </param>
    public static ContentFolderLoad Load(string root, bool linksWithinFolder) => Load(root, linksWithinFolder, ContentFolderReading.Validate, File.ReadAllBytes);

    /// <summary>Reads a content folder, collecting every problem, each version file read once through <paramref name="readFile"/>.</summary>
    /// <param name="reading">
    /// <see cref="ContentFolderReading.Validate"/> validates every version (publishing, the CLI);
    /// <see cref="ContentFolderReading.IndexOnly"/> reads from each version only what the index needs and leaves the
    /// per-version rules for the first read of the version (<see cref="FileContentStore"/>). Either way the folder's
    /// cross-file checks (vocabulary, syndication terms, folder layout, version numbering, related articles) run here.
    /// </param>
    public static ContentFolderLoad Load(string root, bool linksWithinFolder, ContentFolderReading reading, Func<string, byte[]> readFile)
    {
        ArgumentNullException.ThrowIfNull(readFile);
        var problems = new List<ValidationProblem>();
        if (!Directory.Exists(root))
        {
            problems.Add(new(root, "", "content folder does not exist"));
            return new(null, [], problems, null);
        }

        var audiencesPath = Path.Combine(root, AudiencesFile);
        AudienceVocabulary? vocabulary = null;
        if (File.Exists(audiencesPath))
        {
            (vocabulary, var vocabularyProblems) = ArticleValidator.ValidateVocabulary(AudiencesFile, readFile(audiencesPath));
            problems.AddRange(vocabularyProblems);
        }
        else
        {
            problems.Add(new(AudiencesFile, "", "the audience vocabulary file is missing"));
        }

        var syndicationPath = Path.Combine(root, SyndicationFile);
        SyndicationTerms? syndication = null;
        if (File.Exists(syndicationPath))
        {
            (syndication, var syndicationProblems) = ArticleValidator.ValidateSyndication(SyndicationFile, readFile(syndicationPath));
            problems.AddRange(syndicationProblems);
        }
        else
        {
            problems.Add(new(SyndicationFile, "", "the syndication terms file is missing (publisher, licence and canonical base URL of what is published)"));
        }

        var versions = new List<LoadedVersion>();
        var articlesRoot = Path.Combine(root, ArticlesFolder);
        var folders = Directory.Exists(articlesRoot)
            ? Directory.GetDirectories(articlesRoot).Order(StringComparer.Ordinal).ToList()
            : [];
        if (folders.Count == 0)
        {
            problems.Add(new(ArticlesFolder, "", "there are no articles (expected articles/{slug}/v{N}.json)"));
        }

        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (LoadArticle(folder, vocabulary, versions, problems, reading, readFile))
            {
                slugs.Add(Path.GetFileName(folder));
            }
        }

        if (linksWithinFolder)
        {
            // An article whose files are invalid is still there: its own problems say what is wrong with it.
            problems.AddRange(versions.SelectMany(v => RelatedArticles.Missing(v.File, v.Document, slugs.Contains, InThisFolder)));
        }

        foreach (var stray in Directory.Exists(articlesRoot) ? Directory.GetFiles(articlesRoot) : [])
        {
            problems.Add(new(Relative(root, stray), "", "files belong in an article folder: articles/{slug}/v{N}.json"));
        }

        return new(vocabulary, versions, problems, syndication);
    }

    /// <summary>Loads one article folder; true when it holds at least one version file (valid or not).</summary>
    private static bool LoadArticle(
        string folder, AudienceVocabulary? vocabulary, List<LoadedVersion> versions, List<ValidationProblem> problems, ContentFolderReading reading,
        Func<string, byte[]> readFile)
    {
        var slug = Path.GetFileName(folder);
        var relativeFolder = $"{ArticlesFolder}/{slug}";
        if (!Slug.IsValid(slug))
        {
            problems.Add(new(relativeFolder, "", $"'{slug}' is not a valid slug: use lowercase letters, digits and single hyphens"));
            return false;
        }

        var numbers = new List<int>();
        foreach (var path in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var file = $"{relativeFolder}/{name}";
            var match = VersionFile().Match(name);
            if (!match.Success)
            {
                problems.Add(new(file, "", "unexpected file: versions are named v{N}.json (v1.json, v2.json, ...)"));
                continue;
            }

            var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            numbers.Add(number);
            if (vocabulary is null)
            {
                continue;
            }

            var bytes = readFile(path);
            if (reading == ContentFolderReading.IndexOnly && ReadForIndex(bytes, slug, number, out var indexed) is { } entry)
            {
                // The bytes are not kept: a store reads them again when the version is asked for, and validates them then.
                versions.Add(new(file, indexed!, [], entry.Sha256, entry));
                continue;
            }

            // Validating, or a version the index cannot even be read from: the validator says what is wrong with it.
            var (document, documentProblems) = ArticleValidator.ValidateArticle(file, bytes, vocabulary, slug, number);
            problems.AddRange(documentProblems);
            if (document is not null)
            {
                versions.Add(new(file, document, reading == ContentFolderReading.IndexOnly ? [] : bytes, Sha256Hex(bytes)));
            }
        }

        numbers.Sort();
        for (var expected = 1; expected <= (numbers.Count == 0 ? 0 : numbers[^1]); expected++)
        {
            if (!numbers.Contains(expected))
            {
                problems.Add(new($"{relativeFolder}/v{expected}.json", "", $"version {expected} is missing: versions of '{slug}' must run 1, 2, 3... without gaps"));
            }
        }

        if (numbers.Count == 0)
        {
            problems.Add(new(relativeFolder, "", "the article folder holds no versions"));
        }

        return numbers.Count > 0;
    }

    /// <summary>
    /// The index entry of a version and its document as the validator would deserialize it, when it reads as the
    /// version the file name says it is and its index fields can be computed; null otherwise (the caller validates it
    /// to learn why). Neither the schema nor the rules are checked here.
    /// </summary>
    private static VersionEntry? ReadForIndex(byte[] bytes, string slug, int number, out ArticleDocument? document)
    {
        document = null;
        try
        {
            var read = JsonSerializer.Deserialize(bytes, CoreJsonContext.Default.ArticleDocument);
            if (read is null || read.Slug != slug || read.Version != number)
            {
                return null;
            }

            var entry = VersionEntry.For(read, Sha256Hex(bytes));

            // What the folder's checks still need of it (slug, version, date, links); the text is garbage at once, so
            // loading a large folder never holds every document in memory.
            document = read with { Summary = null, Authors = null, Sections = [], References = [] };
            return entry;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the document lacks, the validator names it.
            return null;
        }
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}

/// <summary>How much of each version file <see cref="ContentFolder.Load(string, bool, ContentFolderReading, Func{string, byte[]})"/> checks.</summary>
public enum ContentFolderReading
{
    /// <summary>Every version is validated (schema and rules), as publishing does.</summary>
    Validate,

    /// <summary>Each version is read for its index entry only; its validation is left to the first read of the version.</summary>
    IndexOnly,
}

/// <summary>A version file as loaded; <see cref="Bytes"/> is empty when the folder was read for its index only.</summary>
public sealed record LoadedVersion(string File, ArticleDocument Document, byte[] Bytes, string Sha256, VersionEntry? Entry = null);

public sealed record ContentFolderLoad(
    AudienceVocabulary? Vocabulary, IReadOnlyList<LoadedVersion> Versions, IReadOnlyList<ValidationProblem> Problems, SyndicationTerms? Syndication)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>The index a store would hold for exactly this folder.</summary>
    public ContentIndex ToIndex()
    {
        if (!IsValid)
        {
            throw new InvalidOperationException("An invalid content folder has no index.");
        }

        // A folder has no publish history: its change order is the order the versions were last updated in, and
        // every version carries the folder's current syndication terms (a store with history keeps each version's own).
        var sequence = Versions
            .OrderBy(v => v.Document.LastUpdated)
            .ThenBy(v => v.Document.Slug, StringComparer.Ordinal)
            .ThenBy(v => v.Document.Version)
            .Select((v, i) => (v, Sequence: i + 1L))
            .ToDictionary(p => p.v, p => p.Sequence);
        return new ContentIndex
        {
            Audiences = Vocabulary!,
            Articles = Versions
                .GroupBy(v => v.Document.Slug)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ArticleEntry
                {
                    Slug = g.Key,
                    Versions = g.OrderBy(v => v.Document.Version).Select(v => (v.Entry ?? VersionEntry.For(v.Document, v.Sha256)) with
                    {
                        Sequence = sequence[v],
                        PublishedAt = v.Document.LastUpdated.AtMidnightUtc(),
                        Syndication = Syndication,
                    }).ToList(),
                })
                .ToList(),
        };
    }
}
