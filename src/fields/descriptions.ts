/**
 * Short field descriptions, written for falco-expr (not taken from upstream). They cover every field the
 * Falco and plugin rules files use (test/fields.test.ts checks this against ../shared/corpus/rules), every
 * field that takes an argument, and a few other common ones. Users' own definitions (`define`) and a
 * user's Falco listing (`fromFalcoList`) can override them.
 */
export const FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  // ---- evt: the event itself (libsinsp) ----
  'evt.num': 'Sequence number of the event in the stream.',
  'evt.type': 'Name of the event, for syscall events the system call (e.g. `openat`, `execve`, `connect`).',
  'evt.type.is':
    'Written `evt.type.is.NAME`: 1 when the event is of type NAME, 0 otherwise. Mostly useful in outputs.',
  'evt.dir':
    'Direction of the event: `>` on system call entry, `<` on exit. Deprecated: current drivers only deliver exit events.',
  'evt.category': 'Broad category of the event, such as `file`, `net`, `process` or `memory`.',
  'evt.arg':
    'One argument of the event, picked by name (`evt.arg.flags`) or by position (`evt.arg[0]`), as text; file descriptors and error codes are shown in readable form where possible.',
  'evt.rawarg':
    'One argument of the event picked by name (`evt.rawarg.res`), as its raw value and type, so numeric arguments compare as numbers.',
  'evt.args': 'All arguments of the event written out as one string.',
  'evt.buffer':
    'Data buffer carried by I/O events such as `read`, `write` or `sendto`; search it with `contains` or `bcontains`.',
  'evt.res':
    'Outcome of the event as text: `SUCCESS`, or the name of the error (e.g. `ENOENT`, `EACCES`) when it failed.',
  'evt.rawres':
    'Return value of the event as a number (a negative errno on failure), for numeric comparisons such as `evt.rawres >= 0`.',
  'evt.failed': 'True when the event returned an error.',
  'evt.is_open_read': 'True for open-family events that open the file for reading.',
  'evt.is_open_write': 'True for open-family events that open the file for writing.',
  'evt.is_open_exec': 'True for open-family and `creat` events that create a file with an execute permission bit.',
  'evt.around':
    'Filter-only: written `evt.around[T] = D`, keeps the events within D milliseconds of the raw timestamp T (nanoseconds since the epoch).',
  'evt.abspath':
    'Absolute path taken from a path-related event, resolved against the directory fd if needed; `evt.abspath.src` and `evt.abspath.dst` pick the source or target path of a rename or link.',
  'evt.time': 'Event timestamp as wall-clock time of day, with nanoseconds.',
  'evt.time.iso8601': 'Event timestamp in ISO 8601 form, in UTC, with nanoseconds.',
  'evt.datetime': 'Event timestamp as a date and time of day.',
  'evt.rawtime': 'Event timestamp as nanoseconds since the Unix epoch.',
  'evt.source': 'Name of the event source the event comes from, e.g. `syscall` or `k8s_audit`.',
  'evt.hostname': 'Name of the host on which the event was collected.',
  'evt.pluginname': 'For events of a plugin event source, the name of the plugin that produced the event.',
  'evt.plugininfo':
    'For events of a plugin event source, a one-line summary of the event as rendered by its plugin (which must be loaded).',

  // ---- fd: the file descriptor the event operates on ----
  'fd.num': 'Number of the file descriptor inside the process.',
  'fd.type': 'Kind of file descriptor: `file`, `directory`, `ipv4`, `ipv6`, `unix`, `pipe`, `event`, `memfd` and so on.',
  'fd.typechar':
    'Kind of file descriptor as one character, e.g. `f` for a file, `4` or `6` for an IPv4 or IPv6 socket, `u` for a unix socket, `p` for a pipe.',
  'fd.types':
    'List of the kinds of all file descriptors the process has open; `fd.types[N]` gives the kind of file descriptor N.',
  'fd.name':
    'Full name of the file descriptor: the absolute path for files and directories, the connection tuple for sockets.',
  'fd.nameraw':
    'For files, the path exactly as the process passed it (lightly cleaned up, not made absolute).',
  'fd.name_changed':
    'True when this event changed the name of the file descriptor it uses, e.g. a UDP socket whose tuple changed.',
  'fd.directory': 'For files, the directory that contains the file.',
  'fd.filename': 'For files, the file name without its directory.',
  'fd.sockfamily': 'Socket family of socket events: `ip` or `unix`.',
  'fd.l4proto': 'Transport protocol of a socket: `tcp`, `udp`, `icmp` or `raw`.',
  'fd.connected': 'For TCP and UDP sockets, true when the socket is connected.',
  'fd.cip': 'IP address of the client side of a connection.',
  'fd.sip': 'IP address of the server side of a connection.',
  'fd.rip': 'IP address of the remote side of a connection, as seen from this host.',
  'fd.lip': 'IP address of the local side of a connection, as seen from this host.',
  'fd.ip': 'Filter-only: matches when either the client or the server IP address equals the value.',
  'fd.cport': 'Port of the client side of a TCP or UDP connection.',
  'fd.sport': 'Port of the server side of a TCP or UDP connection.',
  'fd.rport': 'Port of the remote side of a TCP or UDP connection.',
  'fd.lport': 'Port of the local side of a TCP or UDP connection.',
  'fd.port': 'Filter-only: matches when either the client or the server port equals the value.',
  'fd.cnet': 'Filter-only: true when the client IP address lies in the given network (CIDR notation).',
  'fd.snet': 'Filter-only: true when the server IP address lies in the given network (CIDR notation).',
  'fd.rnet': 'Filter-only: true when the remote IP address lies in the given network (CIDR notation).',
  'fd.net': 'Filter-only: true when either end\'s IP address lies in the given network (CIDR notation).',
  'fd.cip.name': 'Domain name that the client IP address was resolved from, when known.',
  'fd.sip.name': 'Domain name that the server IP address was resolved from, when known.',
  'fd.rip.name': 'Domain name that the remote IP address was resolved from, when known.',
  'fd.lip.name': 'Domain name that the local IP address was resolved from, when known.',

  // ---- process and thread ----
  'proc.pid': 'Process ID of the process that caused the event.',
  'proc.ppid': 'Process ID of the parent process.',
  'proc.vpid': 'Process ID as seen inside the process\'s own PID namespace (e.g. inside its container).',
  'proc.name':
    'Name of the process (the kernel\'s command name, cut to 15 characters by the kernel).',
  'proc.pname': 'Name of the parent process (the kernel\'s command name, cut to 15 characters).',
  'proc.aname':
    'Name of an ancestor process: `proc.aname[1]` is the parent, `proc.aname[2]` the grandparent, `proc.aname[0]` the process itself; without an index it matches any ancestor.',
  'proc.exe': 'First command-line argument (argv[0]) of the process, usually the program as it was invoked.',
  'proc.pexe': 'First command-line argument (argv[0]) of the parent process.',
  'proc.aexe':
    'First command-line argument (argv[0]) of an ancestor chosen by level (`proc.aexe[1]` is the parent); without an index it matches any ancestor.',
  'proc.exepath': 'Full path of the executable the process runs, with symbolic links resolved.',
  'proc.pexepath': 'Full path of the executable of the parent process.',
  'proc.aexepath':
    'Full executable path of an ancestor chosen by level (`proc.aexepath[1]` is the parent); without an index it matches any ancestor.',
  'proc.args':
    'Command-line arguments of the process without argv[0], joined by spaces; `proc.args[N]` picks one argument, counting from 0.',
  'proc.aargs':
    'Command-line arguments (without argv[0]) of an ancestor chosen by level (`proc.aargs[1]` is the parent); without an index it matches any ancestor.',
  'proc.cmdline': 'Process name followed by its arguments: the command line as one string.',
  'proc.pcmdline': 'Command line (name and arguments) of the parent process.',
  'proc.acmdline':
    'Command line of an ancestor chosen by level (`proc.acmdline[1]` is the parent); without an index it matches any ancestor.',
  'proc.apid':
    'Process ID of an ancestor chosen by level (`proc.apid[1]` is the parent); without an index it matches any ancestor.',
  'proc.env':
    'Environment of the process as one string of `NAME=value` pairs; `proc.env[NAME]` gives the value of one variable.',
  'proc.aenv':
    'Environment of ancestors: alone it matches any ancestor\'s environment, `proc.aenv[N]` looks at the ancestor N levels up, `proc.aenv[NAME]` finds the variable in the closest ancestor that sets it. Experimental upstream.',
  'proc.cwd': 'Current working directory of the process.',
  'proc.duration': 'Time elapsed since the process started, in nanoseconds.',
  'proc.tty': 'Controlling terminal of the process; 0 when it has none.',
  'proc.sname': 'Name of the leader of the process\'s session.',
  'proc.sid': 'Session ID of the process.',
  'proc.vpgid': 'Process group ID as seen inside the process\'s own PID namespace.',
  'proc.is_vpgid_leader':
    'True when the process leads its process group (its process group ID equals its PID, both as seen in its namespace), as a process started directly from a shell does.',
  'proc.is_exe_upper_layer':
    'True when the executable lives in the writable upper layer of an overlay filesystem, i.e. it was added or changed after the container started.',
  'proc.is_exe_from_memfd':
    'True when the process runs an executable that exists only in memory (created with `memfd_create` and executed through its file descriptor).',
  'proc.exe_ino.ctime': 'Last inode change time of the executable file, in nanoseconds since the epoch.',
  'proc.exe_ino.mtime': 'Last content modification time of the executable file, in nanoseconds since the epoch.',
  'proc.exe_ino.ctime_duration_proc_start':
    'Nanoseconds between the last inode change of the executable file and the start of the process that runs it; small values mean a freshly dropped or modified binary.',
  'proc.lineage':
    'Names of the process\'s known ancestors, from the oldest down to the process itself (falco-expr extension, not an upstream field).',
  'thread.tid': 'ID of the thread that caused the event.',
  'thread.vtid': 'ID of the thread as seen inside its own PID namespace.',
  'thread.cap_effective': 'Effective capability set of the thread, as a list of capability names.',
  'thread.cap_permitted': 'Permitted capability set of the thread, as a list of capability names.',
  'thread.cgroup':
    'Written `thread.cgroup.SUBSYSTEM` (e.g. `thread.cgroup.cpuacct`): the cgroup of the thread for that subsystem.',

  // ---- user and group ----
  'user.uid': 'User ID the process runs as.',
  'user.name': 'Name of the user the process runs as.',
  'user.loginuid':
    'Audit login user ID: the user who originally logged in, kept across `su` and `sudo`; -1 when unset.',
  'user.loginname': 'Name of the audit login user (see `user.loginuid`).',
  'user.homedir': 'Home directory of the user the process runs as.',
  'user.shell': 'Login shell of the user the process runs as.',
  'group.gid': 'Group ID the process runs as.',
  'group.name': 'Name of the group the process runs as.',

  // ---- container plugin (container.*, k8s.* from the container runtime) ----
  'container.id':
    'Short ID (first 12 characters) of the container the process runs in; `host` for processes outside containers.',
  'container.name': 'Name of the container the process runs in.',
  'container.image': 'Image the container was started from, as named by the runtime.',
  'container.image.repository': 'Repository part of the container image name, without tag or digest.',
  'container.image.tag': 'Tag part of the container image name.',
  'container.image.digest': 'Digest of the container image.',
  'container.type': 'Runtime that manages the container, e.g. `docker`, `containerd`, `cri-o`.',
  'container.privileged': 'True when the container runs in privileged mode.',
  'container.mounts':
    'All mounts of the container as one space-separated string, each written `source:dest:mode:rdwr:propagation`.',
  'container.mount':
    'One mount of the container, picked by position (`container.mount[0]`) or by source path, written `source:dest:mode:rdwr:propagation`.',
  'container.mount.source': 'Source path of one mount of the container, picked by position or by destination path.',
  'container.mount.dest': 'Destination path inside the container of one mount, picked by position or by source path.',
  'container.mount.mode': 'Mode of one mount of the container, picked by position or by source path.',
  'container.mount.rdwr': 'Whether one mount of the container is writable, picked by position or by source path.',
  'container.mount.propagation': 'Propagation type of one mount of the container, picked by position or by source path.',
  'container.label': 'Value of one label of the container, e.g. `container.label[app]`.',
  'container.start_ts':
    'Start time of the container in nanoseconds since the epoch, derived from the start of the init process of its PID namespace.',
  'k8s.ns.name': 'Kubernetes namespace of the pod the container belongs to.',
  'k8s.pod.name': 'Name of the Kubernetes pod the container belongs to.',
  'k8s.pod.uid': 'UID of the Kubernetes pod the container belongs to.',
  'k8s.pod.label': 'Value of one label of the Kubernetes pod, e.g. `k8s.pod.label[app]`.',
  'k8s.rc.label': 'Value of one label of the pod\'s replication controller.',
  'k8s.svc.label': 'Value of one label of the pod\'s service.',
  'k8s.ns.label': 'Value of one label of the pod\'s namespace.',
  'k8s.rs.label': 'Value of one label of the pod\'s replica set.',
  'k8s.deployment.label': 'Value of one label of the pod\'s deployment.',

  // ---- k8smeta plugin ----
  'k8smeta.pod.label': 'Value of one label of the pod, from the k8smeta plugin\'s view of the cluster.',
  'k8smeta.ns.label': 'Value of one label of the namespace, from the k8smeta plugin\'s view of the cluster.',
  'k8smeta.deployment.label': 'Value of one label of the deployment, from the k8smeta plugin\'s view of the cluster.',
  'k8smeta.svc.label': 'Values of one label across the pod\'s services, from the k8smeta plugin\'s view of the cluster.',
  'k8smeta.rs.label': 'Value of one label of the replica set, from the k8smeta plugin\'s view of the cluster.',
  'k8smeta.rc.label':
    'Value of one label of the replication controller, from the k8smeta plugin\'s view of the cluster.',

  // ---- json plugin ----
  'json.value':
    'Value found at a JSON pointer in the event\'s JSON payload, e.g. `json.value[/user/username]`.',
  'json.obj': 'The whole JSON payload of the event.',
  'json.rawtime': 'Timestamp carried by the JSON payload of the event.',
  'jevt.value': 'Old name of `json.value`: the value at a JSON pointer in the event payload.',
  'jevt.obj': 'Old name of `json.obj`: the whole JSON payload of the event.',
  'jevt.rawtime': 'Old name of `json.rawtime`: the timestamp carried by the JSON payload.',

  // ---- k8saudit plugin ----
  'ka.verb': 'Kubernetes API verb of the request, e.g. `create`, `get`, `delete`, `patch`.',
  'ka.uri': 'Request URI the client sent to the API server.',
  'ka.uri.param': 'Value of one query parameter of the request URI, e.g. `ka.uri.param[command]`.',
  'ka.user.name': 'User (or service account) that made the request.',
  'ka.auth.decision': 'Authorization decision for the request, e.g. `allow`.',
  'ka.auth.reason': 'Reason recorded with the authorization decision.',
  'ka.target.name': 'Name of the object the request acts on.',
  'ka.target.namespace': 'Namespace of the object the request acts on.',
  'ka.target.resource': 'Resource type the request acts on, e.g. `pods`, `secrets`, `clusterrolebindings`.',
  'ka.target.subresource': 'Subresource the request acts on, e.g. `exec` or `attach` for pods.',
  'ka.resp.name': 'Name of the object returned in the response.',
  'ka.response.code': 'HTTP status code of the response.',
  'ka.response.reason': 'Reason given in the response, usually only when the request failed.',
  'ka.req.binding.role': 'For role binding and cluster role binding requests, the role that the binding grants.',
  'ka.req.binding.subjects':
    'For role binding and cluster role binding requests, the subjects (users, groups, service accounts) it binds.',
  'ka.req.configmap.name': 'For ConfigMap requests, the name of the ConfigMap.',
  'ka.req.configmap.obj': 'For ConfigMap requests, the whole ConfigMap object.',
  'ka.req.pod.containers.image': 'For pod requests, the image of each container; an index picks one container.',
  'ka.req.pod.containers.image.repository':
    'For pod requests, the image repository (image name without tag) of each container.',
  'ka.req.pod.containers.privileged': 'For pod requests, the privileged setting of each container.',
  'ka.req.pod.initContainers.image': 'For pod requests, the image of each init container.',
  'ka.req.pod.initContainers.privileged': 'For pod requests, the privileged setting of each init container.',
  'ka.req.pod.ephemeralContainers.image': 'For pod requests, the image of each ephemeral (debug) container.',
  'ka.req.pod.ephemeralContainers.privileged':
    'For pod requests, the privileged setting of each ephemeral (debug) container.',
  'ka.req.pod.host_ipc': 'For pod requests, whether the pod shares the host\'s IPC namespace.',
  'ka.req.pod.host_network': 'For pod requests, whether the pod uses the host\'s network namespace.',
  'ka.req.pod.host_pid': 'For pod requests, whether the pod shares the host\'s PID namespace.',
  'ka.req.pod.volumes.hostpath': 'For pod requests, the host paths mounted through hostPath volumes.',
  'ka.req.role.rules': 'For role and cluster role requests, the rules the role contains.',
  'ka.req.role.rules.resources': 'For role and cluster role requests, the resources named by the role\'s rules.',
  'ka.req.role.rules.verbs': 'For role and cluster role requests, the verbs allowed by the role\'s rules.',
  'ka.req.service.type': 'For service requests, the service type, e.g. `NodePort` or `LoadBalancer`.',
  'ka.req.service.ports': 'For service requests, the ports the service exposes.',

  // ---- cloudtrail plugin ----
  'ct.id': 'Unique ID of the CloudTrail event.',
  'ct.name': 'API action the CloudTrail event records, e.g. `CreateUser` or `PutBucketPolicy`.',
  'ct.src': 'AWS service that recorded the event, e.g. `s3.amazonaws.com`.',
  'ct.srcip': 'IP address the API call came from.',
  'ct.region': 'AWS region the API call was made in.',
  'ct.error': 'Error code of the API call; `<NA>` when the call succeeded.',
  'ct.user': 'Name of the identity that made the call; for an assumed role, the role name.',
  'ct.user.arn': 'ARN of the identity that made the call.',
  'ct.user.identitytype': 'Type of the identity that made the call, e.g. `Root`, `IAMUser`, `AssumedRole`.',
  'ct.user.principalid': 'Principal ID of the identity that made the call.',
  'ct.request.availabilityzone': 'Availability zone named in the request parameters.',
  'ct.request.cluster': 'Cluster named in the request parameters.',
  'ct.request.functionname': 'Lambda function named in the request parameters.',
  'ct.request.groupname': 'Group named in the request parameters.',
  'ct.request.host': 'Host named in the request parameters, e.g. the S3 endpoint.',
  'ct.request.name': 'Name of the resource the request acts on.',
  'ct.request.policy': 'Policy document sent in the request.',
  'ct.request.serialnumber': 'MFA device serial number sent in the request.',
  'ct.request.servicename': 'Service named in the request parameters.',
  'ct.request.taskdefinition': 'ECS task definition named in the request parameters.',
  'ct.request.username': 'User name sent in the request parameters.',
  'ct.response.reservationid': 'EC2 reservation ID returned in the response.',
  'ct.response.subnetid': 'Subnet ID returned in the response.',
  's3.bucket': 'For S3 events, the name of the bucket.',

  // ---- okta plugin ----
  'okta.evt.type': 'Okta event type, e.g. `user.session.start`.',
  'okta.actor.name': 'Display name of the actor who performed the action.',
  'okta.client.ip': 'IP address of the client.',
  'okta.client.geo.country': 'Country the client connected from.',
  'okta.reason': 'Reason recorded with the outcome of the event.',
  'okta.target.user.name': 'Name of the user the action targets.',
  'okta.target.group.name': 'Name of the group the action targets.',
  'okta.target.app.alternateid': 'Alternate ID of the application the action targets.',
  'okta.mfa.failure.countlast':
    'Number of failed MFA attempts of the actor in the last N seconds, N given as the index (`okta.mfa.failure.countlast[60]`).',
  'okta.mfa.deny.countlast':
    'Number of MFA pushes the actor denied in the last N seconds, N given as the index (`okta.mfa.deny.countlast[60]`).',

  // ---- github plugin ----
  'github.type': 'Type of the webhook message, e.g. `push`, `star`, `repository`, `member`.',
  'github.action': 'Action of the webhook message, qualifying its type (e.g. `created` or `deleted` for a star).',
  'github.user': 'Login of the user who triggered the event.',
  'github.org': 'Organization the repository belongs to.',
  'github.owner': 'Owner of the repository.',
  'github.repo.name': 'Name of the repository the event concerns.',
  'github.repo.url': 'URL of the repository the event concerns.',
  'github.repo.public': '`true` when the repository is public, `false` otherwise.',
  'github.collaborator.name': 'For membership messages, the user who was added or removed.',
  'github.collaborator.role': 'For membership messages, the role of the user who was added or removed.',
  'github.webhook.id': 'For webhook creation messages, the ID of the new webhook.',
  'github.webhook.type': 'For webhook creation messages, the kind of the new webhook, e.g. `repository`.',
  'github.diff.has_secrets': 'For push messages, `true` when a pushed commit appears to contain a secret.',
  'github.diff.committed_secrets.desc':
    'For push messages with secrets, what each detected secret looks like (e.g. an AWS key), comma-separated.',
  'github.diff.committed_secrets.files':
    'For push messages with secrets, the file holding each detected secret, comma-separated.',
  'github.diff.committed_secrets.lines':
    'For push messages with secrets, the line of each detected secret in its file, comma-separated.',
  'github.diff.committed_secrets.links':
    'For push messages with secrets, a link to the source of each detected secret, comma-separated.',
  'github.workflow.filename': 'For workflow_run messages, the file that defines the workflow.',
  'github.workflow.has_miners':
    'For workflow_run messages, `true` when the workflow definition appears to run a cryptocurrency miner.',

  // ---- gcpaudit plugin ----
  'gcp.user': 'Principal (user or service account) that performed the action.',
  'gcp.callerIP': 'IP address of the caller.',
  'gcp.userAgent': 'User agent reported by the caller.',
  'gcp.authorizationInfo': 'Authorization checks recorded for the call, as JSON.',
  'gcp.serviceName': 'Google Cloud service that received the call, e.g. `compute.googleapis.com`.',
  'gcp.methodName': 'API method that was called, e.g. `storage.buckets.delete`.',
  'gcp.policyDelta': 'Changes the call made to an IAM policy, as JSON.',
  'gcp.request': 'Request body of the API call, as JSON.',
  'gcp.projectId': 'ID of the Google Cloud project.',
  'gcp.cloudfunctions.function': 'Name of the Cloud Function the call concerns.',
  'gcp.cloudsql.databaseId': 'ID of the Cloud SQL database the call concerns.',
  'gcp.storage.bucket': 'Name of the Cloud Storage bucket the call concerns.',
};
