using System.Globalization;

namespace MedicalContent.Api.Hosting;

internal static class CustomHandlerHosting
{
    /// <summary>The port the Azure Functions host asks a custom handler to listen on.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Under the Functions host, listen on its port, on loopback only: the host is the only client.</summary>
    public static WebApplicationBuilder AddCustomHandlerHosting(this WebApplicationBuilder builder)
    {
        var port = Environment.GetEnvironmentVariable(PortVariable);
        if (string.IsNullOrEmpty(port))
        {
            return builder;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{PortVariable} must be a TCP port number; it is '{port}'.");
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{number.ToString(CultureInfo.InvariantCulture)}");
        return builder;
    }
}
