# syntax=docker/dockerfile:1
# hindsight in a container: a static (musl) binary on an empty base image, run as a non-root
# user. Build: `docker build -t hindsight .`  Use, from a site folder:
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" hindsight build
# (-u makes the files it writes yours; without it the image's own user 10001 needs write access.)

# Alpine's Rust toolchain targets musl, whose binaries are statically linked by default.
ARG RUST_VERSION=1
FROM rust:${RUST_VERSION}-alpine AS build
RUN apk add --no-cache musl-dev binutils
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --locked --bin hindsight \
    && install -D -m 0755 target/release/hindsight /rootfs/usr/local/bin/hindsight
# Fail here, not at `docker run`, if the binary would need a dynamic loader.
RUN if readelf -l /rootfs/usr/local/bin/hindsight | grep -q 'program interpreter'; then \
        echo "hindsight is not statically linked" >&2; exit 1; \
    fi \
    && /rootfs/usr/local/bin/hindsight --version
# What an empty image needs for a non-root user: an account, a writable /tmp, a home.
RUN mkdir -p /rootfs/etc /rootfs/tmp /rootfs/site \
    && chmod 1777 /rootfs/tmp \
    && chown 10001:10001 /rootfs/site \
    && echo 'hindsight:x:10001:10001:hindsight:/site:/sbin/nologin' > /rootfs/etc/passwd \
    && echo 'hindsight:x:10001:' > /rootfs/etc/group

FROM scratch
COPY --from=build /rootfs/ /
USER 10001:10001
WORKDIR /site
ENV TMPDIR=/tmp
ENTRYPOINT ["/usr/local/bin/hindsight"]
CMD ["build"]
