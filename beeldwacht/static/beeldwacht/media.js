// Beeldwacht media pages. Everything here also works without script (plain forms); the
// script adds per-file upload progress, keyboard review and drawing a missed face.
(function () {
  "use strict";

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- Upload: one request per file, so each file shows its own progress and result.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input.files.length || !window.FormData) return;
      event.preventDefault();
      var list = form.querySelector(".upload-progress");
      var files = Array.prototype.slice.call(input.files);
      var next = 0;
      function send() {
        if (next >= files.length) {
          input.value = "";
          document.body.dispatchEvent(new Event("uploads-done"));
          var items = document.getElementById("items");
          if (items && window.htmx) { window.htmx.ajax("GET", window.location.href, { target: "#items", swap: "outerHTML" }); }
          return;
        }
        var file = files[next++];
        var row = document.createElement("li");
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        row.textContent = file.name + " ";
        row.appendChild(bar);
        list.appendChild(row);
        var data = new FormData();
        data.append("files", file);
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("X-CSRFToken", csrf(form));
        request.setRequestHeader("Accept", "application/json");
        request.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
        request.onload = function () {
          var result = null;
          try { result = JSON.parse(request.responseText).results[0]; } catch (e) { result = null; }
          row.removeChild(bar);
          var status = document.createElement("span");
          if (result && result.ok) { status.className = "badge granted"; status.textContent = form.dataset.okText || "OK"; }
          else { status.className = "badge refused"; status.textContent = result ? result.reason : request.statusText; }
          row.appendChild(status);
          send();
        };
        request.onerror = function () { row.removeChild(bar); row.appendChild(document.createTextNode(" ✗")); send(); };
        request.send(data);
      }
      send();
    });
  });

  // --- Review: select a face, press a number; Enter confirms the photo.
  var selected = null;
  function select(box) {
    document.querySelectorAll(".face-box.selected").forEach(function (b) { b.classList.remove("selected"); });
    selected = box;
    if (box) { box.classList.add("selected"); box.focus(); }
  }
  document.querySelectorAll(".face-box").forEach(function (box) {
    // Placed here, not in a style attribute, so the page needs no inline style (CSP).
    var place = (box.dataset.box || "").split(" ");
    if (place.length === 4) {
      box.style.left = place[0] + "%"; box.style.top = place[1] + "%";
      box.style.width = place[2] + "%"; box.style.height = place[3] + "%";
      box.classList.add("placed");
    }
    box.addEventListener("click", function (event) { event.preventDefault(); select(box); });
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".face-box"));
    if (event.key === "Enter" && !event.target.closest("form") && !event.target.classList.contains("face-box")) {
      var confirm = document.querySelector("form[data-confirm]");
      if (confirm) { event.preventDefault(); confirm.submit(); }
      return;
    }
    if (event.key === "Tab" || !boxes.length) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      var at = boxes.indexOf(selected);
      var step = event.key === "ArrowRight" ? 1 : -1;
      select(boxes[(at + step + boxes.length) % boxes.length]);
      event.preventDefault();
      return;
    }
    if (!selected) return;
    var form = document.getElementById("face-" + selected.dataset.face).querySelector("form");
    var choice = form.querySelector("select");
    if (/^[1-9]$/.test(event.key)) {
      var option = choice.querySelector("option[data-key='" + event.key + "']");
      if (!option) return;
      choice.value = option.value;
    } else if (event.key === "n" || event.key === "0") {
      choice.value = "not_recognisable";
    } else if (event.key === "Backspace" || event.key === "Delete") {
      choice.value = "clear";
    } else if (event.key === "Enter") {
      var confirmForm = document.querySelector("form[data-confirm]");
      if (confirmForm) { event.preventDefault(); confirmForm.submit(); }
      return;
    } else {
      return;
    }
    event.preventDefault();
    form.submit();
  });

  // --- Draw a face the detector missed: drag over the photo.
  document.querySelectorAll(".photo-frame").forEach(function (frame) {
    var form = document.getElementById(frame.dataset.drawForm);
    if (!form) return;
    var start = null, rect = null;
    function point(event) {
      var box = frame.getBoundingClientRect();
      return { x: Math.min(Math.max(event.clientX - box.left, 0), box.width), y: Math.min(Math.max(event.clientY - box.top, 0), box.height), w: box.width, h: box.height };
    }
    frame.addEventListener("pointerdown", function (event) {
      if (event.target.closest(".face-box")) return;
      start = point(event);
      rect = document.createElement("div");
      rect.className = "face-box drawing";
      frame.appendChild(rect);
      frame.setPointerCapture(event.pointerId);
    });
    frame.addEventListener("pointermove", function (event) {
      if (!start) return;
      var p = point(event);
      rect.style.left = Math.min(start.x, p.x) + "px"; rect.style.top = Math.min(start.y, p.y) + "px";
      rect.style.width = Math.abs(p.x - start.x) + "px"; rect.style.height = Math.abs(p.y - start.y) + "px";
    });
    frame.addEventListener("pointerup", function (event) {
      if (!start) return;
      var p = point(event);
      var scaleX = frame.dataset.width / p.w, scaleY = frame.dataset.height / p.h;
      var x1 = Math.round(Math.min(start.x, p.x) * scaleX), x2 = Math.round(Math.max(start.x, p.x) * scaleX);
      var y1 = Math.round(Math.min(start.y, p.y) * scaleY), y2 = Math.round(Math.max(start.y, p.y) * scaleY);
      start = null;
      if (x2 - x1 < 8 || y2 - y1 < 8) { frame.removeChild(rect); return; }
      form.querySelector("[name=x1]").value = x1; form.querySelector("[name=y1]").value = y1;
      form.querySelector("[name=x2]").value = x2; form.querySelector("[name=y2]").value = y2;
      form.submit();
    });
  });
})();
