using System.Text.Json.Nodes;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Rendering;

/// <summary>Quote, warning and table blocks, drug labels, and where citation marks land in every kind of text.</summary>
public class BlockRenderingTests
{
    private static ArticleRepresentation Render(JsonObject article, string audience) =>
        ArticleRenderer.Render(Documents.Parse(article), audience, syndication: null);

    private static BlockRepresentation Block(ArticleRepresentation article, string id) =>
        article.Sections.SelectMany(s => s.Blocks).Single(b => b.Id == id);

    private static JsonObject WithReference(JsonObject article, string id, string title)
    {
        article["references"]!.AsArray().Add(new JsonObject { ["id"] = id, ["kind"] = "research", ["title"] = title, ["source"] = "A journal", ["year"] = 2020 });
        return article;
    }

    private static JsonObject Table(string id, JsonNode caption, JsonArray header, params JsonArray[] rows) => new()
    {
        ["id"] = id,
        ["type"] = "table",
        ["caption"] = caption,
        ["header"] = header,
        ["rows"] = new JsonArray(rows),
    };

    [Fact]
    public void AQuoteNamesItsSourceByNumberAndCountsItAsCited()
    {
        var article = WithReference(Documents.Article(), "ref-c", "A quoted trial");
        Documents.Blocks(article).Add(new JsonObject { ["id"] = "said", ["type"] = "quote", ["text"] = "Words as written.", ["reference"] = "ref-c" });

        var patient = Render(article, "patient");

        var quote = Block(patient, "said");
        Assert.Equal(("Words as written.", 2), (quote.Text, quote.Reference));
        Assert.Null(quote.Citations);
        Assert.Equal([(1, "ref-a"), (2, "ref-c")], patient.References.Select(r => (r.Number, r.Id)));
    }

    [Fact]
    public void AQuotesSourceIsNumberedAtItsFirstAppearanceInReadingOrder()
    {
        // The quote comes before the paragraph, so its source (ref-b) is [1] and the paragraph's ref-a becomes [2].
        var article = Documents.Article();
        Documents.Blocks(article).Insert(0, new JsonObject { ["id"] = "said", ["type"] = "quote", ["text"] = "Quoted first.", ["reference"] = "ref-b" });

        var clinician = Render(article, "clinician");

        Assert.Equal(1, Block(clinician, "said").Reference);
        Assert.Equal("Clinical words [2, 1].", Block(clinician, "intro").Text);
        Assert.Equal([(1, "ref-b"), (2, "ref-a")], clinician.References.Select(r => (r.Number, r.Id)));
    }

    [Fact]
    public void AQuotesTextIsReadBeforeItsSource()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Insert(0, new JsonObject { ["id"] = "said", ["type"] = "quote", ["text"] = "Quoted [[ref-a]].", ["reference"] = "ref-b" });

        var quote = Block(Render(article, "patient"), "said");

        Assert.Equal(("Quoted [1].", 2), (quote.Text, quote.Reference));
        MarkAssert.MatchesText(quote.Text!, quote.Citations);
    }

    [Fact]
    public void AQuoteWithoutTextForTheAudienceTakesNoNumber()
    {
        var article = WithReference(Documents.Article(), "ref-c", "A quoted trial");
        Documents.Blocks(article).Add(new JsonObject { ["id"] = "said", ["type"] = "quote", ["text"] = new JsonObject { ["clinician"] = "For clinicians." }, ["reference"] = "ref-c" });

        Assert.DoesNotContain(Render(article, "patient").References, r => r.Id == "ref-c");
        Assert.Equal(3, Block(Render(article, "clinician"), "said").Reference);
    }

    [Fact]
    public void AWarningHasSeverityTitleAndCitedText()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Insert(0, new JsonObject
        {
            ["id"] = "careful",
            ["type"] = "warning",
            ["severity"] = "boxed",
            ["title"] = "Boxed warning [[ref-b]]",
            ["text"] = Documents.Variants("Get help [[ref-a]].", "Monitor closely [[ref-a]][[ref-b]]."),
        });

        var clinician = Render(article, "clinician");

        var warning = Block(clinician, "careful");
        Assert.Equal(WarningSeverity.Boxed, warning.Severity);
        Assert.Equal("Boxed warning [1]", warning.Title!.Text);
        Assert.Equal("Monitor closely [2, 1].", warning.Text);
        Assert.Equal([2, 1], warning.Citations!.Single().Numbers);
        MarkAssert.MatchesText(warning.Title.Text, warning.Title.Citations);
        Assert.Equal([(1, "ref-b"), (2, "ref-a")], clinician.References.Select(r => (r.Number, r.Id)));
    }

    [Fact]
    public void AWarningWithoutATitleForTheAudienceKeepsItsText()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Add(new JsonObject
        {
            ["id"] = "careful",
            ["type"] = "warning",
            ["severity"] = "red-flag",
            ["title"] = new JsonObject { ["clinician"] = "Red flags" },
            ["text"] = "Call for help.",
        });

        var warning = Block(Render(article, "patient"), "careful");

        Assert.Null(warning.Title);
        Assert.Equal((WarningSeverity.RedFlag, "Call for help."), (warning.Severity!.Value, warning.Text));
    }

    [Fact]
    public void AWarningWithoutTextForTheAudienceIsDropped()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Add(new JsonObject
        {
            ["id"] = "careful",
            ["type"] = "warning",
            ["severity"] = "caution",
            ["title"] = "Caution [[ref-b]]",
            ["text"] = new JsonObject { ["clinician"] = "Clinicians only." },
        });

        var patient = Render(article, "patient");

        Assert.DoesNotContain(patient.Sections.SelectMany(s => s.Blocks), b => b.Id == "careful");
        Assert.DoesNotContain(patient.References, r => r.Id == "ref-b");
    }

    [Fact]
    public void ATableRendersCaptionHeaderAndRowsNumberedInReadingOrder()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Insert(0, Table("targets",
            "Targets [[ref-b]]",
            new JsonArray("Measure", "Target"),
            new JsonArray("HbA1c", "Below 7% [[ref-a]]"),
            new JsonArray("Blood pressure [[ref-b]]", "Below 130/80")));

        var patient = Render(article, "patient");

        var table = Block(patient, "targets");
        Assert.Equal("Targets [1]", table.Caption!.Text);
        Assert.Equal(["Measure", "Target"], table.Header!.Select(c => c.Text));
        Assert.Equal([["HbA1c", "Below 7% [2]"], ["Blood pressure [1]", "Below 130/80"]], table.Rows!.Select(r => r.Select(c => c.Text).ToArray()));
        Assert.All(table.Header!, c => Assert.Null(c.Citations));
        Assert.Equal([2], table.Rows![0][1].Citations!.Single().Numbers);
        Assert.Null(table.Text);
        Assert.Equal([(1, "ref-b"), (2, "ref-a")], patient.References.Select(r => (r.Number, r.Id)));
        MarkAssert.MatchEveryText(patient);
    }

    [Fact]
    public void ATableIsShownOnlyToAudiencesItsCaptionExistsFor()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Add(Table("dosing",
            new JsonObject { ["clinician"] = "Dosing [[ref-b]]" },
            new JsonArray("eGFR", "Dose"),
            new JsonArray("45 or more", "Usual dose")));

        var patient = Render(article, "patient");

        Assert.DoesNotContain(patient.Sections.SelectMany(s => s.Blocks), b => b.Id == "dosing");
        Assert.DoesNotContain(patient.References, r => r.Id == "ref-b");
        Assert.Equal("Dosing [2]", Block(Render(article, "clinician"), "dosing").Caption!.Text);
    }

    [Fact]
    public void ATableCellWithoutTextForTheAudienceRendersEmpty()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Add(Table("mixed",
            "What to check",
            new JsonArray("Check", new JsonObject { ["clinician"] = "Code" }),
            new JsonArray(Documents.Variants("Sugar level", "HbA1c"), new JsonObject { ["clinician"] = "LOINC [[ref-b]]" })));

        var table = Block(Render(article, "patient"), "mixed");

        Assert.Equal(["Check", ""], table.Header!.Select(c => c.Text));
        Assert.Equal(["Sugar level", ""], table.Rows!.Single().Select(c => c.Text));
        Assert.Null(table.Rows!.Single()[1].Citations);
    }

    [Fact]
    public void MarksSitWhereTheirNumbersAreInEveryKindOfText()
    {
        var article = Documents.Article();
        article["summary"] = "Summary ≥ start [[ref-b]] and end [[ref-a]]";
        Documents.Blocks(article).Add(new JsonObject
        {
            ["id"] = "items",
            ["type"] = "list",
            ["items"] = new JsonArray("[[ref-a]] first", "Middle 🙂 [[ref-b]][[ref-a]] item", "Last [[ref-b]]"),
        });
        Documents.Blocks(article).Add(new JsonObject { ["id"] = "careful", ["type"] = "warning", ["severity"] = "caution", ["title"] = "Title [[ref-a]]", ["text"] = "Text [[ref-b]] here." });
        Documents.Blocks(article).Add(Table("cells", "Caption [[ref-a]]", new JsonArray("Head [[ref-b]]", "Plain"), new JsonArray("Cell ≥ [[ref-a]]", "[[ref-b]] cell")));

        var clinician = Render(article, "clinician");

        Assert.Equal("Summary ≥ start [1] and end [2]", clinician.Summary!.Text);
        Assert.Equal([16, 28], clinician.Summary.Citations!.Select(m => m.Offset));
        var items = Block(clinician, "items").Items!;
        Assert.Equal(["[2] first", "Middle 🙂 [1, 2] item", "Last [1]"], items.Select(i => i.Text));
        Assert.Equal([0, 10, 5], items.Select(i => i.Citations!.Single().Offset));
        Assert.Equal("[1] cell", Block(clinician, "cells").Rows![0][1].Text);
        Assert.Equal(7, Block(clinician, "cells").Rows![0][0].Citations!.Single().Offset);
        MarkAssert.MatchEveryText(clinician);
        MarkAssert.MatchEveryText(Render(article, "patient"));
    }

    [Fact]
    public void ADrugLabelSectionCarriesItsLabel()
    {
        var article = Documents.Article();
        article["sections"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "label",
            ["kind"] = "drug-label",
            ["label"] = new JsonObject { ["drug"] = "pioglitazone", ["brand"] = "Actos", ["rxcui"] = "33738", ["splSetId"] = "d2ddc491-88a9-4063-9150-443b4fa4330c" },
            ["blocks"] = new JsonArray(new JsonObject { ["id"] = "label-text", ["type"] = "paragraph", ["text"] = "From the label [[ref-b]]." }),
        });

        var patient = Render(article, "patient");

        var label = patient.Sections.Single(s => s.Id == "label").Label!;
        Assert.Equal(("pioglitazone", "Actos", "33738", "d2ddc491-88a9-4063-9150-443b4fa4330c"), (label.Drug, label.Brand, label.Rxcui, label.SplSetId));
        Assert.Null(label.EffectiveDate);
        Assert.Null(patient.Sections.Single(s => s.Id == "guidelines").Label);
    }

    [Fact]
    public void OnlyADrugLabelSectionShowsALabel()
    {
        var article = Documents.Article();
        Documents.Section(article)["label"] = new JsonObject { ["drug"] = "pioglitazone" };

        Assert.All(Render(article, "patient").Sections, s => Assert.Null(s.Label));
    }
}
