// Reads the medical content API with the C# client Kiota generates from the served OpenAPI document (docs/clients.md).
// Each step prints one line; the first mismatch prints FAIL and exits with 1.
//
//   dotnet run --project tests/clients/csharp -- http://127.0.0.1:5080
using MedicalContent.Client;
using MedicalContent.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: MedicalContent.KiotaClient <API base URL, e.g. http://127.0.0.1:5080>");
    return 2;
}

using var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider()) { BaseUrl = args[0].TrimEnd('/') };
var client = new MedicalContentClient(adapter);
var insulinResistance = client.Api.V1.Articles["insulin-resistance"];

// The latest article for each audience. `audience` is the document's AudienceId enum (the vocabulary's ids), one type
// for every operation. The response headers (ETag) come through a handler option.
var patientHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
var patient = await insulinResistance.GetAsync(request =>
{
    request.QueryParameters.Audience = AudienceId.Patient;
    request.Options.Add(patientHeaders);
});
var clinician = await insulinResistance.GetAsync(request => request.QueryParameters.Audience = AudienceId.Clinician);
var etag = patientHeaders.ResponseHeaders.TryGetValue("ETag", out var etags) ? etags.Single() : null;
Check("latest, patient", patient?.Audience == "patient" && etag is not null, $"version {patient?.Version}, ETag {etag}");
Check("latest, clinician", clinician?.Audience == "clinician" && clinician.Summary?.Text != patient?.Summary?.Text,
    $"version {clinician?.Version}, a different text: {Start(clinician?.Summary?.Text)}");

// An exact version: one that is no longer the latest, picked from the article's version list.
var versions = await insulinResistance.Versions.GetAsync();
var older = versions?.Versions?.FirstOrDefault(v => v.IsLatest == false);
var version = await insulinResistance.Versions[older?.Number ?? 1].GetAsync();
Check("version", older is not null && version?.Version == older.Number, $"{versions?.Versions?.Count} versions, read {older?.Href}");

// The article index, two at a time: the first page and the one its cursor points to.
var firstPage = await client.Api.V1.Articles.GetAsync(request => request.QueryParameters.Limit = 2);
var secondPage = await client.Api.V1.Articles.GetAsync(request =>
{
    request.QueryParameters.Limit = 2;
    request.QueryParameters.Cursor = firstPage?.NextCursor;
});
var firstSlugs = firstPage?.Items?.Select(item => item.Slug).ToList() ?? [];
var secondSlugs = secondPage?.Items?.Select(item => item.Slug).ToList() ?? [];
Check("index, limit 2", firstSlugs.Count == 2 && firstPage?.NextCursor is not null, $"{string.Join(", ", firstSlugs)}; next cursor {firstPage?.NextCursor}");
Check("index, next page", secondSlugs.Count > 0 && !secondSlugs.Intersect(firstSlugs).Any(), string.Join(", ", secondSlugs));

// The change feed.
var changes = await client.Api.V1.Changes.GetAsync();
Check("change feed", changes?.Events?.Any(e => e.Slug == "insulin-resistance") == true,
    $"{changes?.Events?.Count} events, cursor {changes?.Cursor}, more: {changes?.HasMore}");

// A conditional repeat: If-None-Match with the ETag gives 304 Not Modified, which Kiota reports as a null body.
var repeatHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
var repeat = await insulinResistance.GetAsync(request =>
{
    request.QueryParameters.Audience = AudienceId.Patient;
    request.Headers.Add("If-None-Match", etag!);
    request.Options.Add(repeatHeaders);
});
var repeatEtag = repeatHeaders.ResponseHeaders.TryGetValue("ETag", out var repeatEtags) ? repeatEtags.Single() : null;
Check("304 on If-None-Match", repeat is null && repeatEtag == etag, $"no body, same ETag {repeatEtag}");

// A 400: the documented problem response arrives as the exception type generated from the ProblemDetails schema, its
// Message the problem's detail.
var badRequest = await ProblemOf(() => client.Api.V1.Articles.GetAsync(request => request.QueryParameters.Limit = 0));
Check("400 as a problem", badRequest is { ResponseStatusCode: 400, Status: 400 } && badRequest.Type!.EndsWith("/invalid-parameter", StringComparison.Ordinal)
    && badRequest.Message == badRequest.Detail,
    $"{badRequest?.Type}: {badRequest?.Detail}");

// A 404 for an unknown article, the same way.
var notFound = await ProblemOf(() => client.Api.V1.Articles["no-such-article"].GetAsync());
Check("404 as a problem", notFound is { ResponseStatusCode: 404, Status: 404 } && notFound.Type!.EndsWith("/not-found", StringComparison.Ordinal),
    $"{notFound?.Type}: {notFound?.Detail}");

Console.WriteLine("all steps passed");
return 0;

static void Check(string step, bool passed, string detail)
{
    Console.WriteLine($"{(passed ? "ok  " : "FAIL")} {step}: {detail}");
    if (!passed)
    {
        Environment.Exit(1);
    }
}

static string Start(string? text) => text is null ? "(none)" : text[..Math.Min(60, text.Length)] + "...";

// The problem a request failed with, or null when it did not fail.
static async Task<ProblemDetails?> ProblemOf(Func<Task> request)
{
    try
    {
        await request();
        return null;
    }
    catch (ProblemDetails problem)
    {
        return problem;
    }
}
