using System.Text;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedicalContent.Tests.Packaging;

/// <summary>Routes and their methods, keyed by a canonical route template, so the app and the function definitions compare.</summary>
public static class RouteTable
{
    /// <summary>No method list: every method (an endpoint without HttpMethodMetadata, a trigger without "methods").</summary>
    public const string AnyMethod = "*";

    /// <summary>"/api/v1/articles/{slug}" and "api/v1/articles/{slug}/" both become "api/v1/articles/{slug}".</summary>
    public static string Canonical(string template)
    {
        var pattern = RoutePatternFactory.Parse(template);
        return string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(Part))));
    }

    public static SortedSet<string> Methods(IEnumerable<string>? methods) =>
        methods is null
            ? new SortedSet<string>(StringComparer.Ordinal) { AnyMethod }
            : new SortedSet<string>(methods.Select(m => m.ToUpperInvariant()), StringComparer.Ordinal);

    /// <summary>Every route the app maps, from the real pipeline as it runs in Azure (Production environment).</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> FromApp()
    {
        using var factory = new ProductionApiFactory();
        var routes = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = Canonical(endpoint.RoutePattern.RawText ?? "/");
            var methods = Methods(endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods);
            if (!routes.TryGetValue(route, out var known))
            {
                routes[route] = methods;
            }
            else
            {
                known.UnionWith(methods);
            }
        }

        return routes;
    }

    private static string Part(RoutePatternPart part) => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => Parameter(parameter),
        _ => throw new NotSupportedException(part.GetType().Name),
    };

    private static string Parameter(RoutePatternParameterPart parameter)
    {
        var text = new StringBuilder("{");
        if (parameter.IsCatchAll)
        {
            text.Append(parameter.EncodeSlashes ? "*" : "**");
        }

        text.Append(parameter.Name);
        foreach (var policy in parameter.ParameterPolicies)
        {
            text.Append(':').Append(policy.Content);
        }

        if (parameter.Default is not null)
        {
            text.Append('=').Append(parameter.Default);
        }

        if (parameter.IsOptional)
        {
            text.Append('?');
        }

        return text.Append('}').ToString();
    }
}

/// <summary>The real API pipeline with the environment the Functions host gives it, so development-only routes do not count.</summary>
public sealed class ProductionApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environments.Production);
    }
}
