using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Http;
using MedicalContent.Routing;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// The production posture of infra/ (decision 0014), asserted on the ARM template Azure would receive
/// (<see cref="CompiledBicep"/>): the origin admits only this Front Door profile, the edge forwards only the API's
/// paths through a WAF with per-IP rate limits, the preview keys live in Key Vault, telemetry needs Entra ID, every
/// resource logs to Log Analytics, the app reads only the content container, and no output carries a secret.
/// </summary>
public class InfraPostureTests
{
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    /// <summary>The windows Front Door allows a rate-limit rule, in minutes.</summary>
    private static readonly int[] RateLimitWindows = [1, 5];

    /// <summary>What in an output value would put a key or secret into the deployment's outputs.</summary>
    private static readonly string[] SecretBearingExpressions = ["listKeys", "listSecrets", "ConnectionString", "InstrumentationKey", "secretUri"];

    private static JsonObject Main => CompiledBicep.Main;

    private static IReadOnlyList<DeployedResource> All { get; } = CompiledBicep.Resources(CompiledBicep.Main).ToList();

    private static DeployedResource Single(string module, string type) =>
        All.Single(r => r.Module == module && r.Type == type);

    private static DeployedResource Site => Single("functionApp", "Microsoft.Web/sites");

    private static DeployedResource WafPolicy => Single("frontDoor", "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies");

    private static IReadOnlyList<JsonObject> WafRules =>
        WafPolicy.Resolved("properties", "customRules", "rules")!.AsArray().Select(r => r!.AsObject()).ToList();

    private static string ModuleParameter(string module, string parameter) =>
        CompiledBicep.Text(CompiledBicep.Resolve(CompiledBicep.Module(Main, module)["properties"]!["parameters"]![parameter]!["value"], Main))!;

    [Fact]
    public void TheAppAdmitsOnlyFrontDoorsBackEndCarryingThisProfilesId()
    {
        var siteConfig = Site.Resolved("properties", "siteConfig")!;

        Assert.Equal("Deny", CompiledBicep.Text(siteConfig["ipSecurityRestrictionsDefaultAction"]));
        var rule = Assert.Single(siteConfig["ipSecurityRestrictions"]!.AsArray())!;
        Assert.Equal("Allow", CompiledBicep.Text(rule["action"]));
        Assert.Equal("ServiceTag", CompiledBicep.Text(rule["tag"]));
        Assert.Equal("AzureFrontDoor.Backend", CompiledBicep.Text(rule["ipAddress"]));
        var fdid = Assert.Single(rule["headers"]!.AsObject(), h => string.Equals(h.Key, "X-Azure-FDID", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["[parameters('frontDoorId')]"], CompiledBicep.Strings(fdid.Value));

        // ... and that parameter is the profile's own frontDoorId, from the profile module deployed before the app.
        Assert.Equal("[reference('frontDoorProfile').outputs.frontDoorId.value]", ModuleParameter("functionApp", "frontDoorId"));
        var profileTemplate = CompiledBicep.ModuleTemplate(Main, "frontDoorProfile");
        Assert.Equal("[reference('profile').frontDoorId]", CompiledBicep.Text(profileTemplate["outputs"]!["frontDoorId"]!["value"]));
        Assert.Equal("Microsoft.Cdn/profiles", Single("frontDoorProfile", "Microsoft.Cdn/profiles").Type);
        // The endpoint, route and WAF association go on that same profile.
        Assert.Equal(ModuleParameter("frontDoorProfile", "name"), ModuleParameter("frontDoor", "profileName"));
    }

    [Fact]
    public void TheDeploymentEndpointKeepsItsOwnRulesSoFlexDeploymentsStillWork()
    {
        var siteConfig = Site.Resolved("properties", "siteConfig")!;

        Assert.False(siteConfig["scmIpSecurityRestrictionsUseMain"]!.GetValue<bool>());
        Assert.Equal("[if(empty(parameters('deployerIpRanges')), 'Allow', 'Deny')]", CompiledBicep.Text(siteConfig["scmIpSecurityRestrictionsDefaultAction"]));
        // Basic (publishing-profile) credentials stay off for both FTP and scm: deployments authenticate with Entra ID.
        var policies = All.Where(r => r.Module == "functionApp" && r.Type == "Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Resolved("properties", "allow")!.GetValue<bool>()));
    }

    [Fact]
    public void TheEdgeRouteForwardsExactlyTheApiPaths()
    {
        var route = Single("frontDoor", "Microsoft.Cdn/profiles/afdEndpoints/routes");
        var patterns = CompiledBicep.Strings(route.Resolved("properties", "patternsToMatch"));

        Assert.Equal(["/api/*"], patterns);

        // The Functions host serves the route table's templates as they are (empty route prefix) ...
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        // ... so every operation, the OpenAPI document and the reference page included, is under the one pattern ...
        Assert.All(RouteTable.Operations, op => Assert.True(Forwards(patterns, op.Pattern), $"{op.Name} ({op.Pattern}) is not forwarded by {string.Join(", ", patterns)}"));
        Assert.Contains(RouteTable.Operations, op => op.Route == RouteTable.GetOpenApiDocument);
        Assert.Contains(RouteTable.Operations, op => op.Route == RouteTable.GetApiReference);
        // ... and the host's own endpoints are not.
        Assert.False(Forwards(patterns, "/admin/host/status"));
        Assert.False(Forwards(patterns, "/admin/functions/GetHealth"));
        Assert.False(Forwards(patterns, "/runtime/webhooks/durabletask"));
        Assert.False(Forwards(patterns, "/"));
    }

    [Fact]
    public void TheWafPolicyIsAStandardTierPolicyOfCustomRulesWithTheModeAParameter()
    {
        Assert.Equal("Standard_AzureFrontDoor", CompiledBicep.Text(WafPolicy.Resolved("sku", "name")));
        Assert.Equal(CompiledBicep.Text(Single("frontDoorProfile", "Microsoft.Cdn/profiles").Resolved("sku", "name")), CompiledBicep.Text(WafPolicy.Resolved("sku", "name")));
        Assert.Null(WafPolicy.Json["properties"]!["managedRules"]); // managed rule sets need Premium (decision 0014)
        Assert.Equal("Enabled", CompiledBicep.Text(WafPolicy.Resolved("properties", "policySettings", "enabledState")));
        Assert.Equal("[parameters('wafMode')]", CompiledBicep.Text(WafPolicy.Resolved("properties", "policySettings", "mode")));

        Assert.Equal("[parameters('wafMode')]", ModuleParameter("frontDoor", "wafMode"));
        var wafMode = Main["parameters"]!["wafMode"]!;
        Assert.Equal(["Detection", "Prevention"], CompiledBicep.Strings(wafMode["allowedValues"]));
        Assert.Equal("Prevention", CompiledBicep.Text(wafMode["defaultValue"]));
    }

    [Fact]
    public void TheWafPolicyGuardsTheEndpoint()
    {
        var association = Single("frontDoor", "Microsoft.Cdn/profiles/securityPolicies").Resolved("properties", "parameters")!;

        Assert.Equal("WebApplicationFirewall", CompiledBicep.Text(association["type"]));
        Assert.Equal("[resourceId('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies', parameters('wafPolicyName'))]", CompiledBicep.Text(association["wafPolicy"]!["id"]));
        var scope = Assert.Single(association["associations"]!.AsArray())!;
        var domain = Assert.Single(scope["domains"]!.AsArray())!;
        Assert.Equal("[resourceId('Microsoft.Cdn/profiles/afdEndpoints', parameters('profileName'), parameters('endpointName'))]", CompiledBicep.Text(domain["id"]));
        Assert.Equal(["/*"], CompiledBicep.Strings(scope["patternsToMatch"]));
    }

    [Fact]
    public void RateLimitsApplyPerClientIpToUncachedAndPreviewRequests()
    {
        var rateLimits = WafRules.Where(r => CompiledBicep.Text(r["ruleType"]) == "RateLimitRule").ToList();

        Assert.True(rateLimits.Count >= 3, $"expected rate limits on uncached, preview and all requests; found {rateLimits.Count}");
        Assert.All(rateLimits, rule =>
        {
            Assert.Equal("Block", CompiledBicep.Text(rule["action"]));
            Assert.Equal(["SocketAddr"], rule["groupBy"]!.AsArray().Select(g => CompiledBicep.Text(g!["variableName"])));
            Assert.Contains(rule["rateLimitDurationInMinutes"]!.GetValue<int>(), RateLimitWindows);
            Assert.Contains("parameters('rateLimits')", CompiledBicep.Text(rule["rateLimitThreshold"]), StringComparison.Ordinal);
        });

        // Uncached: the operations whose query the edge cache cannot absorb, and any cursored page.
        var uriFragments = UriFragments(rateLimits);
        Assert.Contains("/" + RouteTable.SearchArticles, uriFragments);
        Assert.Contains("/" + RouteTable.ListChanges, uriFragments);
        Assert.Contains("/" + RouteTable.Infobutton, uriFragments);
        Assert.Contains(QueryParameter.Cursor + "=", uriFragments);

        // Preview: every preview operation's path, and any request presenting a preview key.
        var previewOperations = RouteTable.Operations.Where(op => op.Access == OperationAccess.Preview).ToList();
        Assert.NotEmpty(previewOperations);
        Assert.All(previewOperations, op => Assert.Contains(uriFragments, fragment => op.Pattern.ToLowerInvariant().Contains(fragment, StringComparison.Ordinal) && fragment.Contains("preview", StringComparison.Ordinal)));
        Assert.Contains(rateLimits, rule => rule["matchConditions"]!.AsArray().Any(c =>
            CompiledBicep.Text(c!["matchVariable"]) == "RequestHeader" && CompiledBicep.Text(c["selector"]) == PreviewOptions.HeaderName));

        // URI matches see through case and percent-encoding (ASP.NET Core routes ignore case).
        Assert.All(rateLimits.SelectMany(r => r["matchConditions"]!.AsArray()).Where(c => CompiledBicep.Text(c!["matchVariable"]) == "RequestUri"),
            c => Assert.Equal(["Lowercase", "UrlDecode"], CompiledBicep.Strings(c!["transforms"])));
    }

    [Fact]
    public void TheWafRefusesMethodsTheApiDoesNotServeAndOversizedRequests()
    {
        var methods = Assert.Single(WafRules, r => Condition(r, "RequestMethod") is not null);
        var methodCondition = Condition(methods, "RequestMethod")!;
        Assert.Equal("Block", CompiledBicep.Text(methods["action"]));
        Assert.True(methodCondition["negateCondition"]!.GetValue<bool>());
        Assert.Equal(RouteTable.ContentMethods.Union(RouteTable.ReadMethods).Order(StringComparer.Ordinal), CompiledBicep.Strings(methodCondition["matchValue"]).Order(StringComparer.Ordinal));

        var sizeRules = WafRules.Where(r => CompiledBicep.Text(r["ruleType"]) == "MatchRule"
            && r["matchConditions"]!.AsArray().Any(c => CompiledBicep.Text(c!["operator"]) == "GreaterThan")).ToList();
        Assert.Contains(sizeRules, r => Condition(r, "RequestUri") is { } uri && int.Parse(CompiledBicep.Strings(uri["matchValue"]).Single(), System.Globalization.CultureInfo.InvariantCulture) <= 8192);
        Assert.Contains(sizeRules, r => CompiledBicep.Text(Condition(r, "RequestHeader")?["selector"]) == "Content-Length");
        Assert.All(sizeRules, r => Assert.Equal("Block", CompiledBicep.Text(r["action"])));
    }

    [Fact]
    public void PreviewKeysAreAKeyVaultReferenceReadWithTheAppsIdentity()
    {
        var vault = Single("keyVault", "Microsoft.KeyVault/vaults").Resolved("properties")!;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
        Assert.True(vault["enableSoftDelete"]!.GetValue<bool>());

        var settings = Single("functionApp", "Microsoft.Web/sites/config");
        var previewKeys = CompiledBicep.Text(settings.Resolved("properties", PreviewOptions.EnvironmentVariable(nameof(PreviewOptions.Keys))))!;
        Assert.StartsWith("[if(variables('previewEnabled'), format('@Microsoft.KeyVault(SecretUri={0})', reference('previewKeysSecret').secretUri), '')]", previewKeys, StringComparison.Ordinal);
        // The settings apply only once the app may read the secret: an unresolved reference reaches the app as raw text.
        Assert.Contains("previewKeysReader", CompiledBicep.Strings(settings.Json["dependsOn"]));

        var reader = All.Single(r => r.Module == "functionApp" && r.Type == "Microsoft.Authorization/roleAssignments");
        Assert.Equal("previewKeysReader", reader.Name);
        Assert.Equal("[resourceId('Microsoft.KeyVault/vaults/secrets', parameters('keyVaultName'), parameters('previewKeysName'))]", CompiledBicep.Text(reader.Json["scope"]));
        Assert.Contains(KeyVaultSecretsUser, CompiledBicep.Text(reader.Resolved("properties", "roleDefinitionId")), StringComparison.Ordinal);
        Assert.Equal("[reference('functionApp', '2025-03-01', 'full').identity.principalId]", CompiledBicep.Text(reader.Json["properties"]!["principalId"]));

        // The secret is written only when the deployer replaces it; the keys are a secure parameter, never a plain one.
        var secret = Single("keyVault", "Microsoft.KeyVault/vaults/secrets");
        Assert.Equal("[equals(parameters('previewKeysAction'), 'replace')]", CompiledBicep.Text(secret.Json["condition"]));
        Assert.Equal("securestring", CompiledBicep.Text(Main["parameters"]!["newPreviewKeys"]!["type"]));
    }

    [Fact]
    public void EveryDeploymentSaysWhatItDoesWithThePreviewKeys()
    {
        var action = Main["parameters"]!["previewKeysAction"]!.AsObject();

        Assert.False(action.ContainsKey("defaultValue"), "previewKeysAction must be required: a redeploy that omits it would otherwise change preview silently.");
        Assert.Equal(["keep", "replace", "disabled"], CompiledBicep.Strings(action["allowedValues"]));

        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(CompiledBicep.InfraFolder, "main.parameters.json")));
        var chosen = parameters.RootElement.GetProperty("parameters").GetProperty("previewKeysAction").GetProperty("value").GetString();
        Assert.Equal("keep", chosen);
        Assert.False(parameters.RootElement.GetProperty("parameters").TryGetProperty("newPreviewKeys", out _), "the preview keys never go into the parameters file");
    }

    [Fact]
    public void ApplicationInsightsAcceptsOnlyEntraIdTelemetry()
    {
        var component = Single("monitoring", "Microsoft.Insights/components");
        Assert.True(component.Resolved("properties", "DisableLocalAuth")!.GetValue<bool>());

        var settings = Single("functionApp", "Microsoft.Web/sites/config");
        Assert.Equal("Authorization=AAD", CompiledBicep.Text(settings.Resolved("properties", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING")));
        Assert.Contains(All, r => r.Type == "Microsoft.Authorization/roleAssignments"
            && (CompiledBicep.Text(r.Resolved("properties", "roleDefinitionId")) ?? "").Contains(MonitoringMetricsPublisher, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryListedResourceSendsItsLogsToLogAnalytics()
    {
        var diagnostics = All.Where(r => r.Type == "Microsoft.Insights/diagnosticSettings").ToList();

        string[] Categories(string module, string scopeType)
        {
            var setting = Assert.Single(diagnostics, d => d.Module == module && (CompiledBicep.Text(d.Json["scope"]) ?? "").StartsWith($"[resourceId('{scopeType}'", StringComparison.Ordinal));
            Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", CompiledBicep.Text(setting.Json["properties"]!["workspaceId"]));
            Assert.Equal("[reference('monitoring').outputs.logAnalyticsWorkspaceId.value]", ModuleParameter(module, "logAnalyticsWorkspaceId"));
            return setting.Json["properties"]!["logs"]!.AsArray()
                .Where(l => l!["enabled"]!.GetValue<bool>())
                .Select(l => CompiledBicep.Text(l!["category"])!)
                .ToArray();
        }

        Assert.Equal(["StorageRead", "StorageWrite", "StorageDelete"], Categories("contentStorage", "Microsoft.Storage/storageAccounts/blobServices"));
        Assert.Equal(["StorageRead", "StorageWrite", "StorageDelete"], Categories("hostStorage", "Microsoft.Storage/storageAccounts/blobServices"));
        Assert.Contains("FunctionAppLogs", Categories("functionApp", "Microsoft.Web/sites"));
        var frontDoor = Categories("frontDoorProfile", "Microsoft.Cdn/profiles");
        Assert.Contains("FrontDoorAccessLog", frontDoor);
        Assert.Contains("FrontDoorWebApplicationFirewallLog", frontDoor);
        Assert.Contains("AuditEvent", Categories("keyVault", "Microsoft.KeyVault/vaults"));
    }

    [Fact]
    public void TheAppReadsOnlyTheContentContainer()
    {
        var readers = All.Where(r => r.Type == "Microsoft.Authorization/roleAssignments"
            && (CompiledBicep.Text(r.Resolved("properties", "roleDefinitionId")) ?? "").Contains(StorageBlobDataReader, StringComparison.Ordinal)).ToList();

        var reader = Assert.Single(readers);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('containerName'))]", CompiledBicep.Text(reader.Json["scope"]));
        Assert.Equal("[variables('names').contentStorage]", CompiledBicep.Text(CompiledBicep.Module(Main, reader.Module)["properties"]!["parameters"]!["storageAccountName"]!["value"]));
        Assert.Equal("[parameters('contentContainerName')]", CompiledBicep.Text(CompiledBicep.Module(Main, reader.Module)["properties"]!["parameters"]!["containerName"]!["value"]));

        // An HTTP-only app has no queue trigger: no queue role anywhere.
        Assert.DoesNotContain(All, r => r.Type == "Microsoft.Authorization/roleAssignments"
            && (CompiledBicep.Text(r.Resolved("properties", "roleDefinitionId")) ?? "").Contains(StorageQueueDataContributor, StringComparison.Ordinal));
        Assert.DoesNotContain(StorageQueueDataContributor, Main["variables"]!["hostStorageRoleGuids"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BothStorageAccountsDenyEveryNetworkButTheAppsSubnet()
    {
        foreach (var module in new[] { "contentStorage", "hostStorage" })
        {
            var acls = Single(module, "Microsoft.Storage/storageAccounts").Resolved("properties", "networkAcls")!;
            Assert.Equal("Deny", CompiledBicep.Text(acls["defaultAction"]));
            var subnetRule = Assert.Single(acls["virtualNetworkRules"]!.AsArray())!;
            Assert.Equal("[parameters('appSubnetId')]", CompiledBicep.Text(subnetRule["id"]));
            Assert.Equal("[reference('network').outputs.appSubnetId.value]", ModuleParameter(module, "appSubnetId"));
        }

        Assert.Equal("None", CompiledBicep.Text(Single("contentStorage", "Microsoft.Storage/storageAccounts").Resolved("properties", "networkAcls", "bypass")));
        Assert.Equal("[parameters('publisherIpRanges')]", ModuleParameter("contentStorage", "publisherIpRanges"));

        // The app's outbound traffic leaves through that subnet: Flex Consumption's delegation, Storage service endpoint.
        Assert.Equal("[parameters('virtualNetworkSubnetId')]", CompiledBicep.Text(Site.Resolved("properties", "virtualNetworkSubnetId")));
        Assert.Equal("[reference('network').outputs.appSubnetId.value]", ModuleParameter("functionApp", "virtualNetworkSubnetId"));
        var subnet = Assert.Single(Single("network", "Microsoft.Network/virtualNetworks").Resolved("properties", "subnets")!.AsArray())!;
        Assert.Equal(["Microsoft.App/environments"], subnet["properties"]!["delegations"]!.AsArray().Select(d => CompiledBicep.Text(d!["properties"]!["serviceName"])));
        Assert.Contains("Microsoft.Storage", subnet["properties"]!["serviceEndpoints"]!.AsArray().Select(e => CompiledBicep.Text(e!["service"])));
    }

    [Fact]
    public void NoOutputCarriesASecret()
    {
        var templates = new[] { Main }.Concat(All.Select(r => r.Template)).Distinct().ToList();
        var problems = new List<string>();
        foreach (var template in templates)
        {
            var secure = (template["parameters"] as JsonObject ?? new JsonObject())
                .Where(p => CompiledBicep.Text(p.Value!["type"]) is "securestring" or "secureObject")
                .Select(p => p.Key)
                .ToList();
            foreach (var (name, output) in template["outputs"] as JsonObject ?? new JsonObject())
            {
                var type = CompiledBicep.Text(output!["type"]);
                var value = output["value"]?.ToJsonString() ?? "";
                if (type is "securestring" or "secureObject"
                    || secure.Any(p => value.Contains($"parameters('{p}')", StringComparison.Ordinal))
                    || SecretBearingExpressions.Any(s => value.Contains(s, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"output '{name}': {value}");
                }
            }
        }

        Assert.Contains("newPreviewKeys", (Main["parameters"] as JsonObject)!.Select(p => p.Key));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Whether a Front Door route pattern list (<c>/api/*</c> style) forwards a path.</summary>
    private static bool Forwards(IEnumerable<string> patterns, string path) =>
        patterns.Any(p => p.EndsWith("/*", StringComparison.Ordinal)
            ? path.StartsWith(p[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(p, path, StringComparison.OrdinalIgnoreCase));

    private static JsonObject? Condition(JsonObject rule, string matchVariable) =>
        rule["matchConditions"]!.AsArray().FirstOrDefault(c => CompiledBicep.Text(c!["matchVariable"]) == matchVariable)?.AsObject();

    private static List<string> UriFragments(IEnumerable<JsonObject> rules) =>
        rules.SelectMany(r => r["matchConditions"]!.AsArray())
            .Where(c => CompiledBicep.Text(c!["matchVariable"]) == "RequestUri")
            .SelectMany(c => CompiledBicep.Strings(c!["matchValue"]))
            .ToList();
}
