using MedicalContent.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace MedicalContent.Functions;

internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);

        // The isolated worker with ASP.NET Core integration, the shared HTTP layer and the exported documentation.
        builder.AddMedicalContentWorker();

        using var host = builder.Build();

        // Content is loaded before the worker dials the host, so the first invocation finds it in memory.
        await host.Services.LoadContentAsync(CancellationToken.None);
        await host.RunAsync();
    }
}
