// Flex Consumption plan (Linux) + function app hosting the API as a custom handler
// (functionAppConfig.runtime = custom 1.0; the ASP.NET Core executable is described in host.json).
//
// App settings are declared in ONE object literal (`appSettings` below). Their names are exactly the
// configuration keys the app reads (ASP.NET Core "__" hierarchy separator) plus the platform settings.
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION / WEBSITE_RUN_FROM_PACKAGE are deliberately absent:
// they are deprecated on Flex Consumption, where the runtime is declared in functionAppConfig.runtime.

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

@description('Origins allowed by the platform CORS policy (for example https://www.example.org).')
param corsAllowedOrigins string[]

@description('Blob service endpoint of the content storage account (ContentStore:BlobServiceUri).')
param contentBlobServiceUri string

@description('Blob container that holds the article JSON (ContentStore:ContainerName).')
param contentContainerName string

@description('Seconds between content index refreshes (ContentCache:RefreshIntervalSeconds).')
@minValue(1)
param contentCacheRefreshIntervalSeconds int

@description('Upper bound of the in-memory content cache, in bytes (ContentCache:MaxBytes).')
@minValue(1)
param contentCacheMaxBytes int

@description('Cache-Control max-age for "latest" responses, in seconds (HttpCaching:LatestMaxAgeSeconds).')
@minValue(0)
param httpCachingLatestMaxAgeSeconds int

@description('Cache-Control s-maxage for "latest" responses, in seconds (HttpCaching:LatestSharedMaxAgeSeconds).')
@minValue(0)
param httpCachingLatestSharedMaxAgeSeconds int

@description('Cache-Control stale-while-revalidate, in seconds (HttpCaching:StaleWhileRevalidateSeconds).')
@minValue(0)
param httpCachingStaleWhileRevalidateSeconds int

@description('Cache-Control stale-if-error, in seconds (HttpCaching:StaleIfErrorSeconds).')
@minValue(0)
param httpCachingStaleIfErrorSeconds int

@description('Cache-Control max-age for immutable version responses, in seconds (HttpCaching:VersionMaxAgeSeconds).')
@minValue(0)
param httpCachingVersionMaxAgeSeconds int

@description('Cache-Control s-maxage for error responses, in seconds (HttpCaching:ErrorSharedMaxAgeSeconds).')
@minValue(0)
param httpCachingErrorSharedMaxAgeSeconds int

@description('Preview keys (comma-separated, 32+ characters each) for editors; empty disables preview.')
@secure()
param previewKeys string

resource hostStorageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: hostStorageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

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
  // App: in-memory content cache.
  ContentCache__RefreshIntervalSeconds: string(contentCacheRefreshIntervalSeconds)
  ContentCache__MaxBytes: string(contentCacheMaxBytes)
  // App: HTTP caching headers.
  HttpCaching__LatestMaxAgeSeconds: string(httpCachingLatestMaxAgeSeconds)
  HttpCaching__LatestSharedMaxAgeSeconds: string(httpCachingLatestSharedMaxAgeSeconds)
  HttpCaching__StaleWhileRevalidateSeconds: string(httpCachingStaleWhileRevalidateSeconds)
  HttpCaching__StaleIfErrorSeconds: string(httpCachingStaleIfErrorSeconds)
  HttpCaching__VersionMaxAgeSeconds: string(httpCachingVersionMaxAgeSeconds)
  HttpCaching__ErrorSharedMaxAgeSeconds: string(httpCachingErrorSharedMaxAgeSeconds)
  // App: the same origins as the platform CORS below, for the app's own Vary: Origin and local runs.
  Cors__AllowedOrigins: join(corsAllowedOrigins, ',')
  // App: editors' preview keys, from a secure parameter; never in the repository or an output.
  Preview__Keys: previewKeys
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
    siteConfig: {
      minTlsVersion: '1.2'
      // siteConfig.ftpsState is intentionally not set: Flex Consumption rejects it (ARM error 51021).
      // FTP is disabled through the basicPublishingCredentialsPolicies below instead.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
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
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }

  resource appSettingsConfig 'config' = {
    name: 'appsettings'
    properties: appSettings
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

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name of the function app (<name>.azurewebsites.net).')
output defaultHostName string = functionApp.properties.defaultHostName

@description('Object ID of the function app system-assigned managed identity.')
output principalId string = functionApp.identity.principalId
