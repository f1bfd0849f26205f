using System.Text.Json.Nodes;
using MedicalContent.Rendering;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Rendering;

/// <summary>The reference list: checkable fields, the derived link, and the legacy free-text identifier.</summary>
public class ReferenceRenderingTests
{
    // One work (ADA Standards of Care 2025, section 2) with its confirmed identifiers: see docs/editorial/reference-checks.md.
    private const string Doi = "10.2337/dc25-S002";
    private const string Pmid = "39651986";
    private const string Pmcid = "PMC11635041";
    private const string Publisher = "https://publisher.example/standards-of-care-2025/diagnosis";

    private static ReferenceRepresentation Cited(Action<JsonObject> edit)
    {
        var article = Documents.Article();
        edit(article["references"]![0]!.AsObject());
        return ArticleRenderer.Render(Documents.Parse(article), "patient", syndication: null).References.Single();
    }

    [Theory]
    [InlineData(Publisher, Doi, Pmid, Pmcid, Publisher)]
    [InlineData(null, Doi, Pmid, Pmcid, "https://doi.org/10.2337/dc25-S002")]
    [InlineData(null, null, Pmid, Pmcid, "https://pubmed.ncbi.nlm.nih.gov/39651986/")]
    [InlineData(null, null, null, Pmcid, "https://pmc.ncbi.nlm.nih.gov/articles/PMC11635041/")]
    [InlineData(null, null, null, null, null)]
    public void LinksTheUrlElseTheDoiElsePubMedElsePubMedCentral(string? url, string? doi, string? pmid, string? pmcid, string? expected)
    {
        var reference = Cited(r =>
        {
            r["url"] = url;
            r["doi"] = doi;
            r["pmid"] = pmid;
            r["pmcid"] = pmcid;
        });

        Assert.Equal(expected, reference.Url);
        Assert.Equal((doi, pmid, pmcid), (reference.Doi, reference.Pmid, reference.Pmcid));
    }

    [Fact]
    public void CarriesAuthorsAndTheLegacyIdentifier()
    {
        var reference = Cited(r =>
        {
            r["authors"] = new JsonArray("Zhao X", "A Society Writing Committee");
            r["identifier"] = "Society guideline, 2024 edition";
        });

        Assert.Equal(["Zhao X", "A Society Writing Committee"], reference.Authors!);
        Assert.Equal("Society guideline, 2024 edition", reference.Identifier);
        Assert.Null(reference.Url);
        Assert.Equal((1, "ref-a", "A guideline", "A society", 2024), (reference.Number, reference.Id, reference.Title, reference.Source, reference.Year));
    }
}
