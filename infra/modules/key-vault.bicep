// Key Vault for the app's secrets: today the editors' preview keys (app setting Preview__Keys), which the function
// app reads through a Key Vault reference with its managed identity (function-app.bicep), never as a plain value.
//
// Authorisation is Azure RBAC only (no access policies): the app's identity holds Key Vault Secrets User on the
// preview-keys secret alone. Soft delete (90 days) and purge protection are on, so a deleted vault or secret can
// always be recovered and nobody can destroy it before the retention ends; the vault's name stays taken meanwhile.
//
// What a deployment does with the preview keys is an explicit, required choice (previewKeysAction, decision 0014):
//   keep      the secret already in the vault is used as it is; the deployment fails if it does not exist
//   replace   newPreviewKeys becomes the secret's new version (rotation: see docs/deploy.md)
//   disabled  the app gets no preview keys (preview answers 401); the secret, if any, stays in the vault
// The secret is written through Azure Resource Manager (control plane), so the vault's network settings do not
// affect a deployment.

@description('Name of the key vault (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the key vault.')
param location string

@description('Tags applied to the key vault.')
param tags { *: string }

@description('What this deployment does with the preview keys: keep the secret in the vault, replace it with newPreviewKeys, or disable preview.')
@allowed([
  'keep'
  'replace'
  'disabled'
])
param previewKeysAction string

@description('Name of the secret that holds the comma-separated preview keys.')
param previewKeysSecretName string

@description('With previewKeysAction = replace: the comma-separated preview keys (32+ characters each) written as the secret\'s new version.')
@secure()
param newPreviewKeys string

@description('Resource ID of the Log Analytics workspace that receives the vault\'s audit events.')
param logAnalyticsWorkspaceId string


resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource previewKeys 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (previewKeysAction == 'replace') {
  parent: vault
  name: previewKeysSecretName
  properties: {
    value: newPreviewKeys
    contentType: 'text/plain; comma-separated preview keys (Preview__Keys)'
    attributes: {
      enabled: true
    }
  }
}

// Every secret read, write and failed access (AuditEvent) to Log Analytics.
// 2021-05-01-preview is the newest version of this type (2016-09-01, the only GA one, is the metric-only "service" schema).
#disable-next-line use-recent-api-versions
resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AuditEvent'
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

@description('Name of the key vault.')
output name string = vault.name
