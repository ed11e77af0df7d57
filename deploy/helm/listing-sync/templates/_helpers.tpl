{{/*
Names, labels and the pieces every workload shares. A workload is one Deployment: ingest (or one per
ingest role), the transformer, one dispatcher per entry of .Values.dispatchers, the console. Each is
described by a "workload" dict built in its template and rendered by "listing-sync.deployment" and
the helpers beside it, so probes, security and resources are written once.
*/}}

{{- define "listing-sync.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "listing-sync.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of a component's objects: <fullname>-<component>. */}}
{{- define "listing-sync.componentName" -}}
{{- printf "%s-%s" (include "listing-sync.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "listing-sync.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select a component's pods; they never change after the first install. */}}
{{- define "listing-sync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "listing-sync.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Labels of every object; with a component, its selector labels too. */}}
{{- define "listing-sync.labels" -}}
helm.sh/chart: {{ include "listing-sync.chart" .root }}
{{- if .component }}
{{ include "listing-sync.selectorLabels" . }}
{{- else }}
app.kubernetes.io/name: {{ include "listing-sync.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: listing-sync
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* <registry>/listing-sync-<service>:<tag>; the tag defaults to the chart's appVersion. */}}
{{- define "listing-sync.image" -}}
{{- $image := .root.Values.image }}
{{- printf "%s/listing-sync-%s:%s" $image.registry .service (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/* The marketplace ids that have listing.<id>.* topics: those of the enabled dispatchers. */}}
{{- define "listing-sync.marketplaces" -}}
{{- $ids := list }}
{{- range $key, $dispatcher := .Values.dispatchers }}
{{- if $dispatcher.enabled }}
{{- $ids = append $ids (default $dispatcher.marketplace $dispatcher.topicMarketplace) }}
{{- end }}
{{- end }}
{{- $ids | uniq | sortAlpha | join "," }}
{{- end }}

{{/* A secret variable: always a reference to a key of an existing Secret, never a value. */}}
{{- define "listing-sync.secretEnv" -}}
- name: {{ .variable }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end }}

{{/* Kafka, registry and logging: every service reads these. */}}
{{- define "listing-sync.commonEnv" -}}
{{- $values := .Values }}
- name: HOST
  value: "0.0.0.0"
- name: KAFKA_BROKERS
  value: {{ join "," $values.kafka.brokers | quote }}
- name: KAFKA_CLIENT_ID
  value: {{ $values.kafka.clientId | quote }}
- name: KAFKA_SSL
  value: {{ $values.kafka.tls.enabled | quote }}
{{- if $values.kafka.sasl.enabled }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $values.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is required when kafka.sasl.enabled" $values.kafka.sasl.username | quote }}
{{ include "listing-sync.secretEnv" (dict "variable" "KAFKA_SASL_PASSWORD" "secret" (required "secrets.kafka.name is required when kafka.sasl.enabled" $values.secrets.kafka.name) "key" $values.secrets.kafka.keys.password) }}
{{- end }}
- name: SCHEMA_REGISTRY_URL
  value: {{ $values.schemaRegistry.url | quote }}
- name: LOG_LEVEL
  value: {{ $values.logLevel | quote }}
{{- end }}

{{/* The Amazon SP-API endpoints and credentials (dispatcher for amazon, transformer with api schemas). */}}
{{- define "listing-sync.amazonEnv" -}}
{{- $amazon := .root.Values.amazon }}
- name: AMAZON_SP_API_ENDPOINT
  value: {{ $amazon.spApiEndpoint | quote }}
- name: AMAZON_LWA_ENDPOINT
  value: {{ $amazon.lwaEndpoint | quote }}
- name: AMAZON_MARKETPLACE_ID
  value: {{ $amazon.marketplaceId | quote }}
{{- if .secret }}
{{- $keys := .root.Values.secrets.amazon.keys }}
{{ include "listing-sync.secretEnv" (dict "variable" "AMAZON_LWA_CLIENT_ID" "secret" .secret "key" $keys.clientId) }}
{{ include "listing-sync.secretEnv" (dict "variable" "AMAZON_LWA_CLIENT_SECRET" "secret" .secret "key" $keys.clientSecret) }}
{{ include "listing-sync.secretEnv" (dict "variable" "AMAZON_LWA_REFRESH_TOKEN" "secret" .secret "key" $keys.refreshToken) }}
{{- end }}
{{- end }}

{{/* A values map of extra variables, in key order (so the output is the same on every render). */}}
{{- define "listing-sync.extraEnv" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* Mappings: an existing ConfigMap (and one of product type schemas), or the image's own copy. */}}
{{- define "listing-sync.mappingsVolume" -}}
{{- $mappings := .Values.mappings }}
{{- if $mappings.configMapName }}
- name: mappings
  projected:
    sources:
      - configMap:
          name: {{ $mappings.configMapName }}
      {{- if $mappings.productTypes.configMapName }}
      - configMap:
          name: {{ $mappings.productTypes.configMapName }}
          items:
            {{- range $file := $mappings.productTypes.files }}
            - key: {{ $file }}
              path: product-types/{{ $file }}
            {{- end }}
      {{- end }}
{{- end }}
{{- end }}

{{- define "listing-sync.mappingsMount" -}}
{{- if .Values.mappings.configMapName }}
- name: mappings
  mountPath: /app/mappings
  readOnly: true
{{- end }}
{{- end }}

{{/* The replicas a workload keeps at least: what decides whether a disruption budget makes sense. */}}
{{- define "listing-sync.minReplicas" -}}
{{- $workload := .workload }}
{{- if and $workload.keda $workload.keda.enabled }}
{{- $workload.keda.minReplicas }}
{{- else if $workload.autoscaling.enabled }}
{{- $workload.autoscaling.minReplicas }}
{{- else }}
{{- $workload.replicas }}
{{- end }}
{{- end }}

{{/*
A Deployment and its ClusterIP Service. Arguments (dict):
  root        the chart's root context
  component   e.g. "transformer", "dispatcher-amazon"
  service     the image and bundle: ingest, transformer, dispatcher, console
  port        the HTTP port (/healthz, /readyz, /metrics and the service's own routes)
  portVariable  INGEST_PORT, …
  workload    the values of this workload (replicas, resources, autoscaling, keda, env, …)
  env         extra container env, rendered YAML (may be empty)
  volumes, volumeMounts   extra, rendered YAML (may be empty)
*/}}
{{- define "listing-sync.deployment" -}}
{{- $root := .root }}
{{- $values := $root.Values }}
{{- $workload := .workload }}
{{- $scaled := or $workload.autoscaling.enabled (and $workload.keda $workload.keda.enabled) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "listing-sync.componentName" . }}
  labels:
    {{- include "listing-sync.labels" . | nindent 4 }}
spec:
  {{- if not $scaled }}
  replicas: {{ $workload.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "listing-sync.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "listing-sync.labels" . | nindent 8 }}
      {{- with merge (dict) ($workload.podAnnotations | default dict) $values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      automountServiceAccountToken: false
      {{- with $values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        {{- toYaml $values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .service }}
          image: {{ include "listing-sync.image" . | quote }}
          imagePullPolicy: {{ $values.image.pullPolicy }}
          command: {{ concat (list "node") (.nodeFlags | default list) (list (printf "dist/%s.mjs" .service)) | toJson }}
          ports:
            - name: http
              containerPort: {{ .port }}
              protocol: TCP
          env:
            {{- include "listing-sync.commonEnv" $root | trim | nindent 12 }}
            - name: {{ .portVariable }}
              value: {{ .port | quote }}
            - name: LISTING_SYNC_SCHEMAS_DIR
              value: /app/schemas
            {{- with .env | default "" | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with include "listing-sync.extraEnv" $workload.env | trim }}
            {{- . | nindent 12 }}
            {{- end }}
          startupProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 5
            failureThreshold: {{ $values.probes.startupFailureThreshold }}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          resources:
            {{- toYaml $workload.resources | nindent 12 }}
          securityContext:
            {{- toYaml $values.securityContext | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; node and the services write temporary files here.
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts | default "" | trim }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $values.tmpSizeLimit }}
        {{- with .volumes | default "" | trim }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "listing-sync.componentName" . }}
  labels:
    {{- include "listing-sync.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "listing-sync.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
      protocol: TCP
{{ include "listing-sync.scaling" . }}
{{- end }}

{{/*
What keeps a workload available and sized: its PodDisruptionBudget (when it keeps more than one
replica: a budget on a single replica would block every node drain), its HPA and its KEDA
ScaledObject (on the consumer lag of .consumerGroup on .topic).
*/}}
{{- define "listing-sync.scaling" -}}
{{- $root := .root }}
{{- $workload := .workload }}
{{- $keda := and $workload.keda $workload.keda.enabled }}
{{- if and $workload.autoscaling.enabled $keda }}
{{- fail (printf "%s: autoscaling and keda are both enabled; KEDA makes its own HPA, enable one of them" .component) }}
{{- end }}
{{- if and $workload.pdb.enabled (gt (int (include "listing-sync.minReplicas" .)) 1) }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "listing-sync.componentName" . }}
  labels:
    {{- include "listing-sync.labels" . | nindent 4 }}
spec:
  {{- if hasKey $workload.pdb "minAvailable" }}
  minAvailable: {{ $workload.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $workload.pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "listing-sync.selectorLabels" . | nindent 6 }}
{{- end }}
{{- if $workload.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "listing-sync.componentName" . }}
  labels:
    {{- include "listing-sync.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "listing-sync.componentName" . }}
  minReplicas: {{ $workload.autoscaling.minReplicas }}
  maxReplicas: {{ $workload.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $workload.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- if $keda }}
{{- $kafka := $root.Values.kafka }}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "listing-sync.componentName" . }}
  labels:
    {{- include "listing-sync.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    name: {{ include "listing-sync.componentName" . }}
  minReplicaCount: {{ $workload.keda.minReplicas }}
  maxReplicaCount: {{ $workload.keda.maxReplicas }}
  pollingInterval: {{ $workload.keda.pollingInterval }}
  cooldownPeriod: {{ $workload.keda.cooldownPeriod }}
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: {{ join "," $kafka.brokers | quote }}
        consumerGroup: {{ .consumerGroup | quote }}
        topic: {{ .topic | quote }}
        lagThreshold: {{ $workload.keda.lagThreshold | quote }}
        # More replicas than partitions would sit idle.
        allowIdleConsumers: "false"
        {{- if $kafka.tls.enabled }}
        tls: enable
        {{- end }}
        {{- if $kafka.sasl.enabled }}
        sasl: {{ get (dict "plain" "plaintext" "scram-sha-256" "scram_sha256" "scram-sha-512" "scram_sha512") $kafka.sasl.mechanism }}
        {{- end }}
      {{- if $kafka.sasl.enabled }}
      authenticationRef:
        name: {{ include "listing-sync.componentName" . }}
---
# The Kafka credentials KEDA reads lag with: the user from the scaled container's environment, the
# password from the same Secret the services use.
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ include "listing-sync.componentName" . }}
  labels:
    {{- include "listing-sync.labels" . | nindent 4 }}
spec:
  env:
    - parameter: username
      name: KAFKA_SASL_USERNAME
      containerName: {{ .service }}
  secretTargetRef:
    - parameter: password
      name: {{ $root.Values.secrets.kafka.name }}
      key: {{ $root.Values.secrets.kafka.keys.password }}
      {{- end }}
{{- end }}
{{- end }}
