// Virtual network for the function app's outbound traffic (Flex Consumption VNet integration).
//
// One subnet, delegated to Microsoft.App/environments (the delegation Flex Consumption requires), with service
// endpoints for Storage: both storage accounts admit this subnet by a virtual network rule and deny every other
// network (see storage-content.bicep and storage-host.bicep). Service endpoints rather than private endpoints:
// no private DNS zones, no per-endpoint charge, and the accounts keep their public names, so the publisher can
// still reach the content account through an IP rule (decision 0014).

@description('Name of the virtual network.')
@minLength(2)
@maxLength(64)
param name string

@description('Azure region of the virtual network (the function app\'s region).')
param location string

@description('Tags applied to the virtual network.')
param tags { *: string }

@description('Address space of the virtual network (CIDR).')
param addressPrefix string

@description('Address range of the function app\'s integration subnet (CIDR, inside addressPrefix; /27 or larger).')
param appSubnetPrefix string

@description('Name of the function app\'s integration subnet.')
var appSubnetName = 'app'

resource virtualNetwork 'Microsoft.Network/virtualNetworks@2025-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
              locations: [
                location
              ]
            }
          ]
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }
}

@description('Resource ID of the function app\'s integration subnet.')
output appSubnetId string = virtualNetwork::appSubnet.id
