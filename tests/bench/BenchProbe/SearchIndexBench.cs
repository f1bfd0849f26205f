using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Serialization;

/// <summary>
/// Build time and retained memory of the search index at N articles: index entries as publishing writes them (title,
/// summary and <c>about</c> per version), cloned round-robin from the sample articles' latest versions, each with
/// its own slug, title and one synonym of its own (so the vocabulary grows with the corpus, as real content's does).
/// </summary>
internal static class SearchIndexBench
{
    public static JsonObject Run(Options options)
    {
        var count = options.Int("count", 10_000);
        var runs = options.Int("runs", 5);
        var samples = Directory.GetDirectories(Path.Combine(options.Required("content"), "articles"))
            .Order(StringComparer.Ordinal)
            .Select(folder => Directory.GetFiles(folder, "v*.json").MaxBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[1..])))
            .Select(file => JsonSerializer.Deserialize(File.ReadAllBytes(file!), CoreJsonContext.Default.ArticleDocument)!)
            .ToList();
        var published = Enumerable.Range(1, count).Select(i =>
        {
            var sample = samples[i % samples.Count];
            var about = sample.Subject;
            var entry = VersionEntry.For(sample, "00") with
            {
                Title = LocalizedText.OfVariants(new Dictionary<string, string>
                {
                    ["patient"] = $"Generated article {i}: what you need to know about {about.Name}",
                    ["clinician"] = $"Generated article {i}: clinical overview of {about.Name}",
                }),
                Summary = sample.Summary,
                About = about with { Synonyms = [.. about.Synonyms ?? [], $"Generated condition {i}"] },
            };
            return ($"generated-{i:D5}", entry);
        }).ToList();
        string[] audiences = ["patient", "clinician"];

        var builds = new List<double>();
        SearchIndex? index = null;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long allocated = 0;
        for (var run = 0; run < runs; run++)
        {
            index = null;
            GC.Collect();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            index = new SearchIndex(published, audiences);
            builds.Add(watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        }

        // Only the last index is reachable now; the entries it indexes were alive before the first build.
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;

        var queries = new[] { "insulin", "pcos", "generated article 9999", "syndrome", "s" };
        var timings = new JsonObject();
        foreach (var query in queries)
        {
            var terms = SearchText.Tokens(query);
            var hits = index!.Search(terms, "patient").Count;
            var watch = Stopwatch.StartNew();
            const int Repeats = 20;
            for (var r = 0; r < Repeats; r++)
            {
                index.Search(terms, "patient");
            }

            timings[query] = new JsonObject { ["hits"] = hits, ["ms"] = Math.Round(watch.Elapsed.TotalMilliseconds / Repeats, 2) };
        }

        builds.Sort();
        return new JsonObject
        {
            ["articles"] = count,
            ["audiences"] = audiences.Length,
            ["terms"] = index!.TermCount,
            ["postings"] = index.PostingCount,
            ["buildMsMedian"] = Math.Round(builds[builds.Count / 2], 1),
            ["buildMsMin"] = Math.Round(builds[0], 1),
            ["retainedMB"] = Math.Round(retained / 1024.0 / 1024.0, 1),
            ["allocatedPerBuildMB"] = Math.Round(allocated / 1024.0 / 1024.0, 1),
            ["searchUncached"] = timings,
        };
    }
}
