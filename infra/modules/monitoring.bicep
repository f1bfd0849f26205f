// Log Analytics workspace + workspace-based Application Insights.
// No connection string or instrumentation key is output from here: the function app module reads the
// connection string from the component directly, so it never appears in deployment outputs.

@description('Name of the Log Analytics workspace.')
@minLength(4)
@maxLength(63)
param logAnalyticsWorkspaceName string

@description('Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

@description('Azure region of the monitoring resources.')
param location string

@description('Tags applied to the monitoring resources.')
param tags { *: string }

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsWorkspaceName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionInDays
    sku: {
      name: 'PerGB2018'
    }
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
    // Entra ID only: telemetry sent with just the instrumentation key is refused, so the connection string alone
    // (an app setting anyone with read access to the app can see) cannot be used to write into this component.
    // The Functions host authenticates with the app's identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING =
    // Authorization=AAD + Monitoring Metrics Publisher); an in-process exporter must be given a TokenCredential.
    DisableLocalAuth: true
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Name of the Log Analytics workspace.')
output logAnalyticsWorkspaceName string = logAnalytics.name

@description('Resource ID of the Log Analytics workspace (destination of every diagnostic setting).')
output logAnalyticsWorkspaceId string = logAnalytics.id
