using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Clients;

/// <summary>
/// A TypeScript client generated from the served document (openapi-typescript types, openapi-fetch calls) builds
/// under strict tsc — with types-check.ts asserting limit is a number and audience the union of audience ids — and
/// its program (tests/clients/typescript/main.ts, the example in docs/clients.md) works against the running API.
/// </summary>
[Integration]
public sealed class TypeScriptClientTests(ServedOpenApiDocument document) : IClassFixture<ServedOpenApiDocument>
{
    private static readonly string Client = Path.Combine(NodeTools.Tests, "clients", "typescript");

    [Fact]
    public async Task TheGeneratedClientCompilesStrictlyAndReadsTheApi()
    {
        var generated = Path.Combine(Client, "generated");
        if (Directory.Exists(generated))
        {
            Directory.Delete(generated, recursive: true);
        }

        var generate = await NodeTools.RunAsync("openapi-typescript", Client, document.Path, "-o", Path.Combine(generated, "schema.ts"));
        Assert.True(generate.ExitCode == 0, generate.ToString());

        var compile = await NodeTools.RunAsync("tsc", Client, "-p", Client);
        Assert.True(compile.ExitCode == 0, compile.ToString());

        var run = await NodeTools.RunFileAsync("node", Client, Path.Combine(generated, "js", "main.js"), document.BaseAddress.ToString().TrimEnd('/'));
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Collection(
            lines,
            line => Assert.Matches("^latest: insulin-resistance v2, patient \"[^\"]+\", clinician \"[^\"]+\"$", line),
            line => Assert.Equal("version: insulin-resistance v1 of 2", line),
            line => Assert.Matches("^index: [a-z0-9-]+,[a-z0-9-]+ then [a-z0-9-]+(,[a-z0-9-]+)?$", line),
            line => Assert.StartsWith("changes: 5 events, first version-published ", line),
            line => Assert.Matches("^not modified: 304 \"[^\"]+\"$", line),
            line => Assert.Equal("problem: 400 Invalid limit: limit must be a whole number from 1 to 100; it was '0'.", line),
            line => Assert.Equal("problem: 404 Not found: There is no published article 'no-such-article'.", line));
        Assert.Equal("", run.Error);
    }
}
