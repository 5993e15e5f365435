// BetterTogether.NET on Azure: a Flex Consumption function app (Durable orchestration + HTTP/timer
// triggers), a storage account (Durable's queues/tables/blobs and the artifact container), and a
// Container Apps job on a serverless GPU profile that runs the LoRA trainer.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json

@description('Short name used to derive resource names.')
@minLength(3)
@maxLength(12)
param appName string = 'bettertog'

@description('Region for every resource. It must offer Flex Consumption and serverless GPUs.')
param location string = resourceGroup().location

@description('Serverless GPU workload profile of the trainer job.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC24-A100'

@description('Trainer container image: the CUDA variant of src/BetterTogether.Trainer/Dockerfile (TorchSharp-cuda-linux on Ubuntu 24.04), e.g. myregistry.azurecr.io/bettertogether-trainer:1.0-cuda.')
param trainerImage string

@description('Registry server of the trainer image (pulled with the user-assigned identity, which needs AcrPull there).')
param registryServer string

@description('Trainer replica timeout in seconds.')
param trainerTimeoutSeconds int = 7200

@description('Trainer backend of the training jobs (the job spec\'s backend). torchsharp-cuda trains on the GPU with bf16 base weights (needs the A100 profile for bf16; T4 has none); cpu is the engine, which ignores the GPU.')
@allowed([ 'torchsharp-cuda', 'torchsharp', 'cpu' ])
param trainerBackend string = 'torchsharp-cuda'

@description('NCRONTAB (6 fields) of the schedule ticker: how often it starts the due slots of the schedules stored through PUT /api/schedules/{name}.')
param scheduleTick string = '0 */1 * * * *'

@description('Durable task hub (host.json hubName): letters and digits, starting with a letter. A new name starts from an empty hub.')
@minLength(3)
@maxLength(45)
param taskHub string = 'bettertogether'

@description('OpenAI-compatible endpoint the optimized program calls (vLLM, Azure OpenAI).')
param lmEndpoint string

@description('Model name at that endpoint (for Azure OpenAI: the deployment).')
param lmModel string

@description('Kind of that endpoint: openai (any compatible server), vllm (adapters loaded by name) or azure (Azure OpenAI).')
@allowed([
  'openai'
  'vllm'
  'azure'
])
param lmKind string = 'openai'

@description('Key of that endpoint: empty for none, entra for tokens of the user-assigned identity.')
@secure()
param lmApiKey string = ''

var token = toLower(uniqueString(resourceGroup().id, appName))
var trainerCpu = gpuProfileType == 'Consumption-GPU-NC8as-T4' ? 8 : 24
var trainerMemory = gpuProfileType == 'Consumption-GPU-NC8as-T4' ? '56Gi' : '220Gi'
var storageName = take('st${appName}${token}', 24)
var deploymentContainer = 'app-package'
var artifactContainer = 'bettertogether'
var gpuProfileName = 'gpu'

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}-${token}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentPackages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

resource artifacts 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: artifactContainer
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]: {
  name: guid(storage.id, identity.id, role)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}-${token}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}-${token}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${appName}-${token}'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ]
  }
}

resource trainerJob 'Microsoft.App/jobs@2024-03-01' = {
  name: 'job-${appName}-trainer'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: trainerTimeoutSeconds
      // A replica killed mid-run (preemption, OOM) is retried and resumes from its last checkpoint;
      // a job that failed for a reason (bad data) stays failed: the trainer exits at once on retry.
      replicaRetryLimit: 1
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registryServer
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'trainer'
          image: trainerImage
          resources: {
            cpu: trainerCpu
            memory: trainerMemory
          }
          // Executions started by the app send a full template (a start template replaces the containers):
          // these values are the defaults for a manual `az containerapp job start` and mirror what the app sends.
          env: [
            { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
            { name: 'BT_ARTIFACTS', value: storage.properties.primaryEndpoints.blob }
            { name: 'BT_ARTIFACTS_CONTAINER', value: artifactContainer }
          ]
        }
      ]
    }
  }
}

// The function app starts and stops trainer executions through ARM.
resource jobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(trainerJob.id, identity.id, roles.contributor)
  scope: trainerJob
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.contributor)
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${appName}-${token}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${appName}-${token}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 4096
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'BT_SCHEDULE_TICK', value: scheduleTick }
        { name: 'BT_TASK_HUB', value: taskHub }
        { name: 'BT_ARTIFACTS', value: storage.properties.primaryEndpoints.blob }
        { name: 'BT_ARTIFACTS_CONTAINER', value: artifactContainer }
        { name: 'BT_LM_ENDPOINT', value: lmEndpoint }
        { name: 'BT_LM_MODEL', value: lmModel }
        { name: 'BT_LM_KIND', value: lmKind }
        { name: 'BT_LM_API_KEY', value: lmApiKey }
        { name: 'BT_FINETUNER', value: 'containerapps' }
        { name: 'BT_TRAINER_JOB_RESOURCE_ID', value: trainerJob.id }
        { name: 'BT_TRAINER_IMAGE', value: trainerImage }
        { name: 'BT_TRAINER_CPU', value: string(trainerCpu) }
        { name: 'BT_TRAINER_MEMORY', value: trainerMemory }
        { name: 'BT_TRAINER_CHECKPOINT_STEPS', value: '50' }
        { name: 'BT_TRAINER_BACKEND', value: trainerBackend }
      ]
    }
  }
  dependsOn: [
    storageRoles
    deploymentPackages
  ]
}

@description('The function app name (for func azure functionapp publish).')
output functionAppName string = functionApp.name

@description('The artifact store endpoint.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('The trainer job ARM resource id the app dispatches to.')
output trainerJobResourceId string = trainerJob.id

@description('Client id of the user-assigned identity (AZURE_CLIENT_ID).')
output identityClientId string = identity.properties.clientId
