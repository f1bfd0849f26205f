using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using MedicalContent.Functions;
using MedicalContent.Http;
using MedicalContent.Routing;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// The deployment zip, built once per test run by the documented command (<c>eng/package.sh</c>) and unpacked into a
/// temporary folder, as Flex Consumption's one-deploy unpacks it.
/// </summary>
public sealed class FunctionsPackage : IAsyncLifetime
{
    public const string ZipName = "medical-content-api.zip";

    public const string WorkerAssembly = "MedicalContent.Functions.dll";

    private static readonly TimeSpan PackageTimeout = TimeSpan.FromMinutes(15);

    private readonly string _work = Path.Combine(Path.GetTempPath(), "mc-functions-package-" + Guid.NewGuid().ToString("N"));

    public string ZipPath => Path.Combine(_work, "out", ZipName);

    /// <summary>The function app root: where the zip is unpacked.</summary>
    public string Root => Path.Combine(_work, "wwwroot");

    /// <summary>Every entry of the zip, as stored ('/'-separated, relative to the root).</summary>
    public IReadOnlyList<string> Entries { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        await RunPackageScriptAsync(Path.Combine(_work, "out"));
        using var zip = ZipFile.OpenRead(ZipPath);
        Entries = zip.Entries.Select(e => e.FullName).ToList();
        zip.ExtractToDirectory(Root);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    public string PathOf(string entry) => Path.Combine(Root, entry);

    public JsonElement Json(string entry)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf(entry)));
        return document.RootElement.Clone();
    }

    private static async Task RunPackageScriptAsync(string outFolder)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepoPaths.Root, "eng", "package.sh"), "--out", outFolder },
            WorkingDirectory = RepoPaths.Root,
        };

        // The test host's MSBuild variables would point a nested `dotnet publish` at the wrong SDK pieces.
        ToolRun.RemoveTestHostBuildVariables(start);
        var run = await ToolRun.RunAsync(start, PackageTimeout);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"eng/package.sh failed ({run.ExitCode}):{Environment.NewLine}{run.Output}{run.Error}");
        }
    }
}

/// <summary>What Flex Consumption runs: the isolated worker's publish output at the zip's root, ReadyToRun, without symbols.</summary>
[Integration]
public class FunctionsPackageTests(FunctionsPackage package) : IClassFixture<FunctionsPackage>
{
    [Theory]
    [InlineData("host.json")]
    [InlineData("functions.metadata")]
    [InlineData("worker.config.json")]
    [InlineData("extensions.json")]
    [InlineData(FunctionsPackage.WorkerAssembly)]
    public void TheHostsFilesAndTheWorkerAreAtTheZipRoot(string entry)
    {
        Assert.Contains(entry, package.Entries);
    }

    [Fact]
    public void TheWorkersExtensionBundleFolderIsInTheZip()
    {
        Assert.Contains(package.Entries, e => e.StartsWith(".azurefunctions/", StringComparison.Ordinal));
    }

    [Fact]
    public void HostJsonDescribesAnIsolatedWorkerWithAnEmptyRoutePrefix()
    {
        var host = package.Json("host.json");

        Assert.False(host.TryGetProperty("customHandler", out _), "host.json still defines a custom handler.");
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void FunctionsMetadataListsOneFunctionPerOperationOfTheRouteTable()
    {
        var functions = FunctionMetadata.Read(package.PathOf("functions.metadata"));

        var expected = RouteTable.Operations.Select(o => $"{o.Name} {o.Route}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, functions.Select(f => $"{f.Name} {f.Route}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryPackagedFunctionAnswersTheRouteTablesMethodsAnonymously()
    {
        var functions = FunctionMetadata.Read(package.PathOf("functions.metadata"));

        Assert.NotEmpty(functions);
        Assert.All(functions, function =>
        {
            Assert.Equal(RouteTable.Operation(function.Name).Methods.Order(StringComparer.Ordinal), function.Methods.Order(StringComparer.Ordinal));
            Assert.Equal("Anonymous", function.AuthLevel);
        });
    }

    [Fact]
    public void TheWorkerConfigStartsTheWorkerAssemblyAtTheZipRoot()
    {
        var description = package.Json("worker.config.json").GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal(FunctionsPackage.WorkerAssembly, description.GetProperty("defaultWorkerPath").GetString());
        Assert.Contains(FunctionsPackage.WorkerAssembly, package.Entries);
    }

    [Fact]
    public void TheWorkerAssemblyIsPrecompiledReadyToRun()
    {
        using var stream = File.OpenRead(package.PathOf(FunctionsPackage.WorkerAssembly));
        using var pe = new PEReader(stream);

        var cor = pe.PEHeaders.CorHeader;
        Assert.NotNull(cor);
        Assert.True(cor.ManagedNativeHeaderDirectory.Size > 0, $"{FunctionsPackage.WorkerAssembly} has no ReadyToRun header: the package would JIT at every cold start.");
    }

    [Fact]
    public void EveryExportedDocumentationFileIsInTheZip()
    {
        var folder = WorkerSetup.DocumentationFolder;
        var manifest = package.Json($"{folder}/{ExportedDocumentation.ManifestFile}");

        var files = manifest.EnumerateArray().Select(f => f.GetProperty("File").GetString()!).ToList();
        Assert.Contains("openapi.json", files);
        Assert.All(files, file => Assert.Contains($"{folder}/{file}", package.Entries));
        _ = new ExportedDocumentation(package.PathOf(folder)); // loads as the worker loads it
    }

    [Fact]
    public void TheZipCarriesNoDebugSymbolsAndNoFunctionJson()
    {
        Assert.DoesNotContain(package.Entries, e => e.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(package.Entries, e => Path.GetFileName(e) == "function.json");
    }
}
