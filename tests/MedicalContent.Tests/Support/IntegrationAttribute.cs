using Xunit.Sdk;

namespace MedicalContent.Tests.Support;

/// <summary>
/// Marks a test class that starts a real external part (Azurite, Varnish, Chromium, a packaging
/// <c>dotnet publish</c>, an apt-get or npm install) or is slow (the soak): it gets the trait
/// <c>Category=Integration</c>, so the fast loop leaves it out with
/// <c>dotnet test tests/MedicalContent.Tests --filter "Category!=Integration"</c> (docs/testing.md).
/// </summary>
/// <remarks>Put it on the concrete test class: xunit does not read it from a base class.</remarks>
[TraitDiscoverer("MedicalContent.Tests.Support.IntegrationDiscoverer", "MedicalContent.Tests")]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class IntegrationAttribute : Attribute, ITraitAttribute
{
    public const string Category = "Category";

    public const string Value = "Integration";
}
