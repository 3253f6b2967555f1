# nginx in front of the replicas, with the widget's files; unprivileged
# (listens on 8080 as a non-root user). Its configuration is mounted:
# deploy/nginx/compose.conf, or deploy/k8s/nginx.conf through a ConfigMap.
#   docker build -f deploy/docker/web.Dockerfile -t objection-coach-web .
FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY web/ /usr/share/nginx/html/
EXPOSE 8080
