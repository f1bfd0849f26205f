// Flex Consumption plan (Linux) + function app running the API on the .NET isolated worker
// (functionAppConfig.runtime = dotnet-isolated; the worker's host.json and functions.metadata ship in the package).
//
// App settings are declared in ONE object literal (`appSettings` below). Their names are exactly the
// configuration keys the app reads (ASP.NET Core "__" hierarchy separator) plus the platform settings; the values
// the deployer may choose arrive as one `appSettingsType` object (exported here, imported by main.bicep).
// Preview__Keys is not among the values a deployer passes here: it is a Key Vault reference to the preview-keys
// secret (key-vault.bicep), resolved by the platform with the app's identity, which holds Key Vault Secrets User on
// that one secret and nothing else in the vault.
//
// Inbound: access restrictions admit only Azure Front Door's back end (service tag AzureFrontDoor.Backend) carrying
// THIS profile's id in X-Azure-FDID; everything else, the *.azurewebsites.net host included, gets 403. The
// deployment (scm) endpoint has its own rules: Flex Consumption deploys through it, basic publishing credentials are
// off, so it takes Entra ID callers with rights on the app, from deployerIpRanges only when that list is given.
// Outbound: VNet integration into the subnet both storage accounts admit (network.bicep).
//
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION / WEBSITE_RUN_FROM_PACKAGE are deliberately absent: Flex
// Consumption deprecates them (runtime.name replaces the first, the backend sets the second, deployments do not use
// the third), checked against https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations

@export()
@sealed()
@description('The app settings a deployer may choose, by configuration section. Every property is optional; what is left out gets the default written next to its setting in `appSettings`.')
type appSettingsType = {
  @description('Configuration section ContentCache: the in-process cache of rendered content.')
  @sealed()
  contentCache: {
    @description('ContentCache__RefreshIntervalSeconds: seconds between conditional re-reads of the store index.')
    @minValue(0)
    @maxValue(3600)
    refreshIntervalSeconds: int?

    @description('ContentCache__MaxBytes: upper bound, in bytes, of the rendered representations kept in memory.')
    @minValue(1024)
    maxBytes: int?
  }?

  @description('Configuration section HttpCaching: Cache-Control lifetimes, in seconds.')
  @sealed()
  httpCaching: {
    @description('HttpCaching__LatestMaxAgeSeconds: max-age of "latest" URLs and listings (browsers).')
    @minValue(0)
    latestMaxAgeSeconds: int?

    @description('HttpCaching__LatestSharedMaxAgeSeconds: s-maxage of "latest" URLs and listings (CDN edges).')
    @minValue(0)
    latestSharedMaxAgeSeconds: int?

    @description('HttpCaching__StaleWhileRevalidateSeconds: stale-while-revalidate of "latest" URLs and listings.')
    @minValue(0)
    staleWhileRevalidateSeconds: int?

    @description('HttpCaching__StaleIfErrorSeconds: stale-if-error of "latest" URLs and listings.')
    @minValue(0)
    staleIfErrorSeconds: int?

    @description('HttpCaching__VersionMaxAgeSeconds: max-age of explicit version URLs (browsers cannot be purged: with the stale extensions and the refresh interval it must fit in the 600 s retraction promise).')
    @minValue(0)
    @maxValue(540)
    versionMaxAgeSeconds: int?

    @description('HttpCaching__VersionSharedMaxAgeSeconds: s-maxage of explicit version URLs (edges are purged on retract).')
    @minValue(0)
    versionSharedMaxAgeSeconds: int?

    @description('HttpCaching__VersionStaleWhileRevalidateSeconds: stale-while-revalidate of explicit version URLs.')
    @minValue(0)
    @maxValue(540)
    versionStaleWhileRevalidateSeconds: int?

    @description('HttpCaching__VersionStaleIfErrorSeconds: stale-if-error of explicit version URLs (bounded so an outage cannot extend a retracted version past the promise).')
    @minValue(0)
    @maxValue(540)
    versionStaleIfErrorSeconds: int?

    @description('HttpCaching__ErrorSharedMaxAgeSeconds: s-maxage of 404 and 410 answers.')
    @minValue(0)
    errorSharedMaxAgeSeconds: int?
  }?

  @description('Configuration section ReviewCycle: when the latest articles and the index call a text due for review.')
  @sealed()
  reviewCycle: {
    @description('ReviewCycle__DueSoonDays: days before its next review is due that a text is reported "due-soon" (0: on the due date only).')
    @minValue(0)
    @maxValue(365)
    dueSoonDays: int?
  }?

  @description('Configuration section Cors: browser origins allowed to call the preview routes (public routes answer any origin).')
  @sealed()
  cors: {
    @description('Cors__AllowedOrigins, for example ["https://editor.example.org"]. Empty = no browser access to preview.')
    allowedOrigins: string[]?
  }?
}

@description('Name of the function app (globally unique; becomes <name>.azurewebsites.net).')
@minLength(2)
@maxLength(60)
param name string

@description('Name of the Flex Consumption plan.')
@minLength(1)
@maxLength(60)
param planName string

@description('Azure region of the plan and app (must support Flex Consumption).')
param location string

@description('Tags applied to the plan and the app.')
param tags { *: string }

@description('Name of the existing host storage account used for AzureWebJobsStorage (identity-based).')
param hostStorageAccountName string

@description('URL of the blob container that receives the deployment package.')
param deploymentContainerUrl string

@description('Name of the existing workspace-based Application Insights component.')
param applicationInsightsName string

@description('Maximum number of instances the app can scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory size of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Blob service endpoint of the content storage account (ContentStore:BlobServiceUri).')
param contentBlobServiceUri string

@description('Blob container that holds the article JSON (ContentStore:ContainerName).')
param contentContainerName string

@description('The app settings the deployer chose (see appSettingsType).')
param settings appSettingsType

@description('The Front Door profile\'s id (properties.frontDoorId): requests must carry it in X-Azure-FDID.')
param frontDoorId string

@description('Public IPv4 addresses or CIDR ranges allowed to call the deployment (scm) endpoint. Empty: any address, Entra ID authentication only.')
param deployerIpRanges string[]

@description('Resource ID of the subnet the app integrates with for outbound traffic (delegated to Microsoft.App/environments).')
param virtualNetworkSubnetId string

@description('Name of the existing key vault that holds the preview keys.')
param keyVaultName string

@description('Name of the preview-keys secret in that vault; empty: preview is disabled (no reference, no role).')
param previewKeysName string

@description('Resource ID of the Log Analytics workspace that receives the app\'s logs and metrics.')
param logAnalyticsWorkspaceId string

resource hostStorageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: hostStorageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

// Looked up, not created: with previewKeysAction = keep a deployment fails here if the secret does not exist,
// rather than leaving the app a reference it cannot resolve.
resource previewKeysSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' existing = if (previewEnabled) {
  parent: vault
  name: previewKeysName
}

@description('Whether the app gets preview keys at all.')
var previewEnabled = !empty(previewKeysName)

@description('Key Vault Secrets User built-in role definition GUID (read secret contents).')
var keyVaultSecretsUserRoleGuid = '4633458b-17de-408a-b874-0445c86b69e6'

@description('All app settings of the function app. Names are the exact configuration keys the app reads.')
var appSettings = {
  // Platform: Functions host storage, identity-based (shared keys are disabled on the account).
  AzureWebJobsStorage__accountName: hostStorageAccount.name
  AzureWebJobsStorage__credential: 'managedidentity'
  // Platform: Application Insights with Entra ID (system-assigned identity) authentication.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  // App: content store.
  ContentStore__Kind: 'Blob'
  ContentStore__BlobServiceUri: contentBlobServiceUri
  ContentStore__ContainerName: contentContainerName
  // App: in-memory content cache. Every lifetime is set, defaults included, so Azure shows the policy in force.
  ContentCache__RefreshIntervalSeconds: string(settings.?contentCache.?refreshIntervalSeconds ?? 5)
  ContentCache__MaxBytes: string(settings.?contentCache.?maxBytes ?? 67108864)
  // App: HTTP caching headers.
  HttpCaching__LatestMaxAgeSeconds: string(settings.?httpCaching.?latestMaxAgeSeconds ?? 60)
  HttpCaching__LatestSharedMaxAgeSeconds: string(settings.?httpCaching.?latestSharedMaxAgeSeconds ?? 600)
  HttpCaching__StaleWhileRevalidateSeconds: string(settings.?httpCaching.?staleWhileRevalidateSeconds ?? 60)
  HttpCaching__StaleIfErrorSeconds: string(settings.?httpCaching.?staleIfErrorSeconds ?? 86400)
  HttpCaching__VersionMaxAgeSeconds: string(settings.?httpCaching.?versionMaxAgeSeconds ?? 300)
  HttpCaching__VersionSharedMaxAgeSeconds: string(settings.?httpCaching.?versionSharedMaxAgeSeconds ?? 86400)
  HttpCaching__VersionStaleWhileRevalidateSeconds: string(settings.?httpCaching.?versionStaleWhileRevalidateSeconds ?? 60)
  HttpCaching__VersionStaleIfErrorSeconds: string(settings.?httpCaching.?versionStaleIfErrorSeconds ?? 240)
  HttpCaching__ErrorSharedMaxAgeSeconds: string(settings.?httpCaching.?errorSharedMaxAgeSeconds ?? 30)
  // App: review cycle (editorial policy: when a text is reported due soon).
  ReviewCycle__DueSoonDays: string(settings.?reviewCycle.?dueSoonDays ?? 30)
  // App: browser origins of the preview routes. The app answers CORS itself (public routes: any origin), so the
  // platform CORS policy is left unset: App Service CORS would take precedence over the app's headers.
  Cors__AllowedOrigins: join(settings.?cors.?allowedOrigins ?? [], ',')
  // App: editors' preview keys, a Key Vault reference resolved with the app's identity (latest version of the secret).
  Preview__Keys: previewEnabled ? '@Microsoft.KeyVault(SecretUri=${previewKeysSecret!.properties.secretUri})' : ''
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled' // Front Door reaches the app over its public endpoint; the restrictions below decide who may.
    virtualNetworkSubnetId: virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ipSecurityRestrictionsDefaultAction: 'Deny'
      ipSecurityRestrictions: [
        {
          name: 'front-door'
          description: 'Azure Front Door back end, this profile only'
          action: 'Allow'
          priority: 100
          tag: 'ServiceTag'
          ipAddress: 'AzureFrontDoor.Backend'
          headers: {
            'x-azure-fdid': [
              frontDoorId
            ]
          }
        }
      ]
      scmIpSecurityRestrictionsUseMain: false
      scmIpSecurityRestrictionsDefaultAction: empty(deployerIpRanges) ? 'Allow' : 'Deny'
      scmIpSecurityRestrictions: [
        for (range, i) in deployerIpRanges: {
          name: 'deployer-${i}'
          description: 'Deployment from a listed address'
          action: 'Allow'
          priority: 100 + i
          tag: 'Default'
          ipAddress: contains(range, '/') ? range : '${range}/32'
        }
      ]
      // siteConfig.ftpsState is intentionally not set: Flex Consumption rejects it (ARM error 51021).
      // FTP is disabled through the basicPublishingCredentialsPolicies below instead.
      // No platform CORS (siteConfig.cors): the app answers CORS and preflight itself, identically in every host.
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // .NET 10 on Flex Consumption is catalogued as dotnet-isolated '10.0' (an uncatalogued '10' deploys but never starts,
      // Azure/Azure-Functions#2666): https://learn.microsoft.com/powershell/module/az.functions/get-azfunctionappflexconsumptionruntime
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettingsConfig 'config' = {
    name: 'appsettings'
    properties: appSettings
    // The reference must be readable when the settings apply, or the platform hands the app the raw reference text.
    dependsOn: [
      previewKeysReader
    ]
  }

  resource ftpPublishingPolicy 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishingPolicy 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

// App identity -> Key Vault Secrets User on the preview-keys secret only (not the vault).
resource previewKeysReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (previewEnabled) {
  name: guid(previewKeysSecret.id, functionApp.id, keyVaultSecretsUserRoleGuid)
  scope: previewKeysSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleGuid)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Functions host and worker logs (FunctionAppLogs) and the app's platform metrics to Log Analytics.
// 2021-05-01-preview is the newest version of this type (2016-09-01, the only GA one, is the metric-only "service" schema).
#disable-next-line use-recent-api-versions
resource appDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: functionApp
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name of the function app (<name>.azurewebsites.net).')
output defaultHostName string = functionApp.properties.defaultHostName

@description('Object ID of the function app system-assigned managed identity.')
output principalId string = functionApp.identity.principalId
