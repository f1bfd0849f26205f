using MedicalContent.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalContent.Functions;

public static class WorkerSetup
{
    /// <summary>Where the build puts the self-hosted app's exported documentation, beside the worker.</summary>
    public const string DocumentationFolder = "documentation";

    /// <summary>Everything the worker registers; tests build the same registration to invoke the functions.</summary>
    public static FunctionsApplicationBuilder AddMedicalContentWorker(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddMedicalContentHttp();
        builder.Services.AddSingleton(_ => new ExportedDocumentation(Path.Combine(AppContext.BaseDirectory, DocumentationFolder)));
        return builder;
    }
}
