# cti-camel: built with Maven, run on a JRE as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first: a source change reuses this layer
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

# The JRE only (no JDK, no Maven). glibc-based rather than alpine: without CTI_REDIS_URL the service
# starts the redis-server binary that ships in the jar, which is linked against glibc and libssl 3.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app cti
WORKDIR /app
COPY --from=build /src/target/cti-camel.jar .
# routes, templates and cti.json are read from the working directory: mount your own to change them
COPY routes routes
COPY templates templates
COPY cti.json cti.json
# JVM settings for a small box shared with FreeSWITCH (docs/jvm.md): serial GC, a bounded heap, the C1 JIT only,
# and a class-data sharing archive recorded by one training start of the service (it stops itself after 20 s).
ENV JDK_JAVA_OPTIONS="-XX:+UseSerialGC -Xms128m -Xmx512m -XX:TieredStopAtLevel=1"
RUN CAMEL_MAIN_DURATIONMAXSECONDS=20 CTI_ESL_PORT=1 java -XX:ArchiveClassesAtExit=cti-camel.jsa -jar cti-camel.jar \
      >/dev/null 2>&1; test -s cti-camel.jsa
USER 10001
# all interfaces inside a container (CTI_HTTP_HOST): the start then needs CTI_HTTP_CREDENTIALS (or the explicit
# CTI_HTTP_ALLOW_ANONYMOUS=true), docs/security.md; docker-compose.yml narrows it to loopback. Route files are
# read at start in production (CTI_ROUTES_RELOAD=true reloads them live, for development).
ENV CTI_HTTP_HOST=0.0.0.0 CTI_HTTP_PORT=8080 CTI_ROUTES_RELOAD=false
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=cti-camel.jsa", "-jar", "cti-camel.jar"]
